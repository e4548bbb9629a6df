import type { PlaybackState, Playlist } from '@h4k/contracts';
import type { MPC } from 'mpc-js';
import { shownArtist, shownTitle } from '../mpd/song-tags';
import type { Hold } from './playback-holds';

export async function readPlaybackState(mpd: MPC, playlist: Playlist, hold: Hold | null): Promise<PlaybackState> {
  const status = await mpd.status.status();
  // mpc-js types currentSong() as always present; with no current song it resolves undefined.
  const song = status.song === undefined ? undefined : await mpd.status.currentSong();
  return {
    playlist,
    state: status.state ?? 'stop',
    title: song ? shownTitle(song.title, song.path) : null,
    artist: shownArtist(song?.artist),
    queued: status.playlistLength ?? 0,
    hold,
  };
}
