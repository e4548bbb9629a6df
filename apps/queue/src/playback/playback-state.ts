import type { PlaybackState, Playlist } from '@h4k/contracts';
import type { MPC } from 'mpc-js';
import { basename, extname } from 'node:path';
import type { Hold } from './playback-holds';

export async function readPlaybackState(mpd: MPC, playlist: Playlist, hold: Hold | null): Promise<PlaybackState> {
  const status = await mpd.status.status();
  // mpc-js types currentSong() as always present; with no current song it resolves undefined.
  const song = status.song === undefined ? undefined : await mpd.status.currentSong();
  const file = song?.path ? basename(song.path, extname(song.path)) : null;
  return {
    playlist,
    state: status.state ?? 'stop',
    title: song?.title ?? file,
    artist: song?.artist ?? null,
    queued: status.playlistLength ?? 0,
    hold,
  };
}
