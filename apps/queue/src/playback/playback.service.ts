import { rpcError, type PlaybackAction, type PlaybackState, type Playlist } from '@h4k/contracts';
import { Injectable } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import type { MPC } from 'mpc-js';
import { FallbackPlaylistService } from '../fallback/fallback-playlist.service';
import { Mpds } from '../mpd/mpd.module';
import { UserQueueService } from '../user-queue/user-queue.service';
import { PlaybackHolds } from './playback-holds';
import { readPlaybackState } from './playback-state';

/**
 * Admin control of either playlist and the live hold of the user queue. Pause and resume only
 * change the holds: each playlist's keeper brings its MPD in step, so a reconnect, an MPD event
 * or a restart can never undo them.
 */
@Injectable()
export class PlaybackService {
  constructor(
    private readonly mpds: Mpds,
    private readonly holds: PlaybackHolds,
    private readonly fallback: FallbackPlaylistService,
    private readonly userQueue: UserQueueService,
  ) {}

  async control(playlist: Playlist, action: PlaybackAction): Promise<PlaybackState> {
    this.assertConnected(playlist);
    return this.withMpd(playlist, async () => {
      if (action === 'pause') await this.holds.setPaused(playlist, true);
      if (action === 'play' || action === 'resume') await this.holds.setPaused(playlist, false);
      if (action === 'skip') await this.mpds[playlist].use((mpd) => skip(mpd, playlist));
      await this.keeperOf(playlist).keepInStep();
      return this.state(playlist);
    });
  }

  /** What the playlist's MPD is doing now; changes nothing (UNAVAILABLE while it is away). */
  async current(playlist: Playlist): Promise<PlaybackState> {
    this.assertConnected(playlist);
    return this.withMpd(playlist, () => this.state(playlist));
  }

  /** Every song of the fallback dir, repeat+random, playing: also lifts an admin's pause. */
  async setupAutoplay(): Promise<PlaybackState> {
    this.assertConnected('fallback');
    return this.withMpd('fallback', async () => {
      await this.holds.setPaused('fallback', false);
      await this.fallback.assertPlaying();
      return this.state('fallback');
    });
  }

  /** Recorded even while the user MPD is away: it is paused as soon as it is back. */
  async setLive(live: boolean): Promise<PlaybackState> {
    await this.holds.setLive(live);
    return this.withMpd('user', async () => {
      await this.userQueue.keepInStep();
      return this.state('user');
    });
  }

  private keeperOf(playlist: Playlist): { keepInStep(): Promise<void> } {
    return playlist === 'user' ? this.userQueue : this.fallback;
  }

  private state(playlist: Playlist): Promise<PlaybackState> {
    return this.mpds[playlist].use((mpd) => readPlaybackState(mpd, playlist, this.holds.holdOf(playlist)));
  }

  private assertConnected(playlist: Playlist): void {
    const mpd = this.mpds[playlist];
    if (!mpd.connected) throw rpcError('UNAVAILABLE', `the ${playlist} MPD is not connected: ${mpd.lastProblem}`);
  }

  /** An MPD that went away mid-call is UNAVAILABLE (503), not an internal error. */
  private async withMpd<T>(playlist: Playlist, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const mpd = this.mpds[playlist];
      if (error instanceof RpcException || mpd.connected) throw error;
      throw rpcError('UNAVAILABLE', `the ${playlist} MPD is not connected: ${mpd.lastProblem}`);
    }
  }
}

/** To the next song, leaving a paused playlist paused (MPD's `next` would start playing it). */
async function skip(mpd: MPC, playlist: Playlist): Promise<void> {
  const status = await mpd.status.status();
  if (status.state === 'play') return mpd.playback.next();
  if (status.songId === undefined) return;
  if (status.state === 'pause' && status.nextSong !== undefined) await mpd.playback.seek(status.nextSong, 0);
  // Consume mode: a skipped song leaves the user queue even when it was never played.
  if (playlist === 'user') await mpd.currentPlaylist.deleteId(status.songId);
}
