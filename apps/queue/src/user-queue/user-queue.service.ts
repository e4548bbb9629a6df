import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Handovers } from '../handover/handovers';
import { PlaybackHolds } from '../holds/playback-holds';
import { CoalescedRun } from '../mpd/coalesced-run';
import type { Status } from '../mpd/mpd-client';
import { Mpds } from '../mpd/mpd.module';

/** How long a primed MPD waits for Liquidsoap to connect to its stream (it polls every 0.5 s). */
export const PRIME_TIMEOUT_MS = 3000;
const PRIME_POLL_MS = 100;

/**
 * The listeners' MPD plays each song once (consume on, no repeat, no random), whenever songs are
 * queued and nothing holds it. While a DJ is live, or an admin paused it, it is kept paused: a song
 * added then, an MPD that comes back playing after a restart, or a stray `play` does not start it.
 *
 * Songs start on time: the MPD's stream stays connected to Liquidsoap while stopped or paused
 * (always_on, mpd/user.conf.tmpl), each start is announced (`h4k.cue`) so the song is on air from
 * its first sample, and the queue running out is announced (`h4k.release`) so the next tier fades
 * in at once rather than after Liquidsoap heard 2.5 s of silence. The stream only opens at the
 * MPD's first play: then the song is primed (play, pause, wait for Liquidsoap, back to 0 s).
 */
@Injectable()
export class UserQueueService implements OnModuleInit {
  private readonly logger = new Logger(UserQueueService.name);
  private readonly inStep = new CoalescedRun(() => this.converge());
  private lastState: Status['state'];

  constructor(
    private readonly mpds: Mpds,
    private readonly holds: PlaybackHolds,
    private readonly handovers: Handovers,
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
    const stopped = this.lastState === 'play' && status.state === 'stop';
    this.lastState = status.state;
    // Its last song ended (a stop this service made was announced already: then this changes nothing).
    if (stopped) await this.handovers.release('user', { afterFade: false });
    if ((status.playlistLength ?? 0) === 0) return;
    const hold = this.holds.holdOf('user');
    if (hold && status.state === 'play') {
      this.logger.log(`user queue held (${hold === 'live' ? 'a DJ is live' : 'paused by an admin'}): pausing`);
      await mpd.pause();
    } else if (!hold && status.state === 'pause') {
      await this.handovers.cue('user');
      await mpd.resume();
      this.lastState = 'play';
    } else if (!hold && status.state === 'stop') {
      if ((await this.handovers.cue('user')) === 'not connected') {
        await this.prime();
        await mpd.resume();
      } else {
        await mpd.play();
      }
      this.lastState = 'play';
    }
  }

  /**
   * Liquidsoap does not hear the MPD's stream yet (it opens at the first play): start the song and
   * pause it at once, wait until Liquidsoap connected, put it back to its start and announce it.
   */
  private async prime(): Promise<void> {
    const mpd = this.mpds.user;
    await mpd.play();
    // Paused before its first audio reached the output, MPD would not open the stream at all.
    const playing = Date.now() + PRIME_TIMEOUT_MS;
    while (!((await mpd.status()).elapsed ?? 0) && Date.now() < playing) {
      await new Promise((resolve) => setTimeout(resolve, PRIME_POLL_MS / 5));
    }
    await mpd.pause();
    const deadline = Date.now() + PRIME_TIMEOUT_MS;
    let answer = await this.handovers.cue('user');
    while (answer === 'not connected' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, PRIME_POLL_MS));
      answer = await this.handovers.cue('user');
    }
    if (answer === 'not connected') this.logger.warn('Liquidsoap did not connect to the user MPD: starting anyway');
    const { song } = await mpd.status();
    if (song !== undefined) await mpd.moveTo(song);
  }
}
