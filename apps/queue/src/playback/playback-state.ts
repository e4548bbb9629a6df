import type { PlaybackState, Playlist } from '@h4k/contracts';

import type { Hold } from '../holds/playback-holds';
import type { MpdClient } from '../mpd/mpd-client';
import { shownArtist, shownTitle } from '../mpd/song-tags';

export async function readPlaybackState(mpd: MpdClient, playlist: Playlist, hold: Hold | null): Promise<PlaybackState> {
  const status = await mpd.status();
  const song = status.song === undefined ? undefined : await mpd.currentSong();
  return {
    playlist,
    state: status.state ?? 'stop',
    title: song ? shownTitle(song.title, song.path) : null,
    artist: shownArtist(song?.artist),
    queued: status.playlistLength ?? 0,
    hold,
  };
}
