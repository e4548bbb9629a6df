import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { MPC } from 'mpc-js';
import { Mpds } from '../mpd/mpd.module';

/**
 * Keeps the fallback MPD looping every song of its music dir, repeat+random, playing.
 * Re-asserted after every (re)connect, so an MPD restart heals without help, and whenever the
 * player stops while songs are there (the fallback must never sit stopped).
 */
@Injectable()
export class FallbackPlaylistService implements OnModuleInit {
  private readonly logger = new Logger(FallbackPlaylistService.name);
  private asserting: Promise<void> | undefined;

  constructor(private readonly mpds: Mpds) {}

  onModuleInit(): void {
    this.mpds.fallback.on('ready', () => void this.assertPlaying());
    this.mpds.fallback.on('changed', (subsystems: string[]) => {
      if (subsystems.includes('player') || subsystems.includes('playlist')) void this.keepPlaying();
    });
  }

  /** Loads every song of the music dir into the playlist, repeat+random on, and plays. */
  assertPlaying(): Promise<void> {
    this.asserting ??= this.mpds.fallback
      .use(async (mpd) => {
        await waitForUpdate(mpd, await mpd.database.update());
        const songs = (await mpd.database.listAllInfo())
          .filter((entry) => entry.entryType === 'song')
          .map((song) => song.path);
        const queued = new Set((await mpd.currentPlaylist.playlistInfo()).map((song) => song.path));
        for (const uri of songs) if (!queued.has(uri)) await mpd.currentPlaylist.add(uri);
        await mpd.playbackOptions.setRepeat(true);
        await mpd.playbackOptions.setRandom(true);
        await mpd.playbackOptions.setConsume(false);
        if (songs.length > 0) await mpd.playback.play();
        this.logger.log(`fallback playlist: ${songs.length} songs, repeat+random, playing`);
      })
      .catch((error: unknown) => this.logger.warn(`could not set up the fallback playlist: ${String(error)}`))
      .finally(() => (this.asserting = undefined));
    return this.asserting;
  }

  private async keepPlaying(): Promise<void> {
    await this.mpds.fallback
      .use(async (mpd) => {
        const status = await mpd.status.status();
        if (status.state === 'stop' && (status.playlistLength ?? 0) > 0) {
          this.logger.warn('fallback stopped with songs queued: playing again');
          await mpd.playback.play();
        }
      })
      .catch((error: unknown) => this.logger.warn(`fallback check failed: ${String(error)}`));
  }
}

async function waitForUpdate(mpd: MPC, jobId: number): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const status = await mpd.status.status();
    if (status.updating === undefined || status.updating !== jobId) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
