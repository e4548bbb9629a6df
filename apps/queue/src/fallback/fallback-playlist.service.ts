import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';

import { PlaybackHolds } from '../holds/playback-holds';
import { CoalescedRun } from '../mpd/coalesced-run';
import { Mpds } from '../mpd/mpd.module';

/**
 * Keeps the fallback MPD looping every song of its music dir, repeat+random, playing.
 * Set up again after every (re)connect, so an MPD restart heals without help, and brought back in
 * step whenever its player or playlist changes: it must never sit stopped while songs are there.
 * An admin's pause is the one exception: it stays paused (not stopped) until resumed.
 */
@Injectable()
export class FallbackPlaylistService implements OnModuleInit {
  private readonly logger = new Logger(FallbackPlaylistService.name);
  private readonly setUp = new CoalescedRun(() => this.loadEverySong());
  private readonly inStep = new CoalescedRun(() => this.converge());

  constructor(
    private readonly mpds: Mpds,
    private readonly holds: PlaybackHolds,
  ) {}

  onModuleInit(): void {
    this.mpds.fallback.onReady(() => {
      this.assertPlaying().catch((error: unknown) =>
        this.logger.warn(`could not set up the fallback playlist: ${String(error)}`),
      );
    });
    this.mpds.fallback.onPlayerOrPlaylistChange(() => {
      this.keepInStep().catch((error: unknown) => this.logger.warn(`fallback check failed: ${String(error)}`));
    });
  }

  /** Loads every song of the music dir into the playlist, repeat+random on, and plays unless paused by an admin. */
  assertPlaying(): Promise<void> {
    return this.setUp.run();
  }

  /** Plays a stopped fallback; pauses or resumes it to match the admin's pause. */
  keepInStep(): Promise<void> {
    return this.inStep.run();
  }

  private async loadEverySong(): Promise<void> {
    const mpd = this.mpds.fallback;
    // Alone on the playlist: a library change in between would be undone or duplicated.
    await mpd.exclusive(async () => {
      await mpd.updateDatabase();
      const songs = (await mpd.songs()).map((song) => song.path);
      const inDir = new Set(songs);
      const queued = new Set<string>();
      // Songs gone from the dir, and duplicates, leave the playlist; the current song keeps playing if it stays.
      for (const item of await mpd.playlist()) {
        if (item.path && inDir.has(item.path) && !queued.has(item.path)) queued.add(item.path);
        else if (item.id !== undefined) await mpd.removeEntry(item.id);
      }
      for (const uri of songs) if (!queued.has(uri)) await mpd.append(uri);
      await mpd.setModes({ consume: false, repeat: true, random: true });
      this.logger.log(`fallback playlist: ${songs.length} songs, repeat+random`);
    });
    await this.keepInStep();
  }

  private async converge(): Promise<void> {
    const mpd = this.mpds.fallback;
    await this.holds.loaded();
    const status = await mpd.status();
    if ((status.playlistLength ?? 0) === 0) return;
    const paused = this.holds.holdOf('fallback') === 'admin';
    if (status.state === 'stop') {
      this.logger.log(`fallback stopped with ${status.playlistLength} songs queued: playing`);
      await mpd.play();
    }
    // Paused, never stopped: MPD keeps its httpd output open, and resume continues the same song.
    if (paused && status.state !== 'pause') await mpd.pause();
    if (!paused && status.state === 'pause') {
      this.logger.log('fallback paused without an admin pause: resuming');
      await mpd.resume();
    }
  }
}
