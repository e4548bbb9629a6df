import type { PlaybackAction, PlaybackState, Playlist } from '@h4k/contracts';
import { Injectable } from '@nestjs/common';
import { Mutex } from 'async-mutex';

import { FallbackPlaylistService } from '../fallback/fallback-playlist.service';
import { Handovers } from '../handover/handovers';
import { PlaybackHolds } from '../holds/playback-holds';
import { Mpds } from '../mpd/mpd.module';
import type { MpdClient } from '../mpd/mpd-client';
import { UserQueueService } from '../user-queue/user-queue.service';
import { readPlaybackState } from './playback-state';

/**
 * Admin control of either playlist and the live hold of the user queue. Pause and resume only
 * change the holds: each playlist's keeper brings its MPD in step, so a reconnect, an MPD event
 * or a restart can never undo them. A change that silences a playlist on air is announced to
 * Liquidsoap first and made after the fade; calls on one playlist run in order.
 */
@Injectable()
export class PlaybackService {
  private readonly lanes: Record<Playlist, Mutex> = { user: new Mutex(), fallback: new Mutex() };

  constructor(
    private readonly mpds: Mpds,
    private readonly holds: PlaybackHolds,
    private readonly fallback: FallbackPlaylistService,
    private readonly userQueue: UserQueueService,
    private readonly handovers: Handovers,
  ) {}

  async control(playlist: Playlist, action: PlaybackAction): Promise<PlaybackState> {
    const mpd = this.mpds[playlist];
    mpd.assertConnected();
    return this.lanes[playlist].runExclusive(async () => {
      if (action === 'pause') {
        if (this.holds.holdOf(playlist) === null) await this.handovers.release(playlist);
        await this.holds.setPaused(playlist, true);
      }
      if (action === 'play' || action === 'resume') await this.holds.setPaused(playlist, false);
      if (action === 'skip') {
        // Consume mode: skipping the user queue's last song stops it, like a clear.
        const status = await mpd.status();
        if (playlist === 'user' && status.state === 'play' && status.nextSongId === undefined) {
          await this.handovers.release(playlist);
        }
        await skip(mpd, playlist);
      }
      await this.keeperOf(playlist).keepInStep();
      return this.state(playlist);
    });
  }

  /** What the playlist's MPD is doing now; changes nothing (UNAVAILABLE while it is away). */
  current(playlist: Playlist): Promise<PlaybackState> {
    return this.state(playlist);
  }

  /** Every song of the fallback dir, repeat+random, playing: also lifts an admin's pause. */
  async setupAutoplay(): Promise<PlaybackState> {
    this.mpds.fallback.assertConnected();
    await this.holds.setPaused('fallback', false);
    await this.fallback.assertPlaying();
    return this.state('fallback');
  }

  /** Recorded even while the user MPD is away: it is paused as soon as it is back. */
  async setLive(live: boolean): Promise<PlaybackState> {
    await this.holds.setLive(live);
    await this.userQueue.keepInStep();
    return this.state('user');
  }

  private keeperOf(playlist: Playlist): { keepInStep(): Promise<void> } {
    return playlist === 'user' ? this.userQueue : this.fallback;
  }

  private state(playlist: Playlist): Promise<PlaybackState> {
    return readPlaybackState(this.mpds[playlist], playlist, this.holds.holdOf(playlist));
  }
}

/** To the next song, leaving a paused playlist paused (MPD's `next` would start playing it). */
async function skip(mpd: MpdClient, playlist: Playlist): Promise<void> {
  const status = await mpd.status();
  if (status.state === 'play') return mpd.next();
  if (status.songId === undefined) return;
  if (status.state === 'pause' && status.nextSong !== undefined) await mpd.moveTo(status.nextSong);
  // Consume mode: a skipped song leaves the user queue even when it was never played.
  if (playlist === 'user') await mpd.removeEntry(status.songId);
}
