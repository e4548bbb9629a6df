import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { PlaybackHolds } from '../holds/playback-holds';
import { CoalescedRun } from '../mpd/coalesced-run';
import { Mpds } from '../mpd/mpd.module';

/**
 * The listeners' MPD plays each song once (consume on, no repeat, no random), whenever songs are
 * queued and nothing holds it. While a DJ is live, or an admin paused it, it is kept paused: a song
 * added then, an MPD that comes back playing after a restart, or a stray `play` does not start it.
 */
@Injectable()
export class UserQueueService implements OnModuleInit {
  private readonly logger = new Logger(UserQueueService.name);
  private readonly inStep = new CoalescedRun(() => this.converge());

  constructor(
    private readonly mpds: Mpds,
    private readonly holds: PlaybackHolds,
  ) {}

  onModuleInit(): void {
    this.mpds.user.onReady(() => {
      this.setUp().catch((error: unknown) => this.logger.warn(`could not set up the user queue: ${String(error)}`));
    });
    this.mpds.user.onPlayerOrPlaylistChange(() => {
      this.keepInStep().catch((error: unknown) => this.logger.warn(`user queue check failed: ${String(error)}`));
    });
  }

  /** Plays queued songs when nothing holds the queue; pauses it while something does. */
  keepInStep(): Promise<void> {
    return this.inStep.run();
  }

  private async setUp(): Promise<void> {
    await this.mpds.user.setModes({ consume: true, repeat: false, random: false });
    await this.keepInStep();
  }

  private async converge(): Promise<void> {
    const mpd = this.mpds.user;
    await this.holds.loaded();
    const status = await mpd.status();
    if ((status.playlistLength ?? 0) === 0) return;
    const hold = this.holds.holdOf('user');
    if (hold && status.state === 'play') {
      this.logger.log(`user queue held (${hold === 'live' ? 'a DJ is live' : 'paused by an admin'}): pausing`);
      await mpd.pause();
    } else if (!hold && status.state === 'pause') {
      await mpd.resume();
    } else if (!hold && status.state === 'stop') {
      await mpd.play();
    }
  }
}
