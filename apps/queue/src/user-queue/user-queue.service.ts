import { unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';

import { Handovers } from '../handover/handovers';
import { PlaybackHolds } from '../holds/playback-holds';
import { CoalescedRun } from '../mpd/coalesced-run';
import { Mpds } from '../mpd/mpd.module';
import type { Status } from '../mpd/mpd-client';
import { USER_MUSIC_DIR } from '../user-songs/user-music-dir';

/** Tries at setting the user MPD's modes after a (re)connect, a second apart, then more apart. */
const SET_UP_ATTEMPTS = 5;

/** How long a primed MPD waits for Liquidsoap to connect to its stream (it polls every 0.5 s). */
export const PRIME_TIMEOUT_MS = 3000;
const PRIME_POLL_MS = 100;
/**
 * One second of digital silence the idle MPD plays at start-up, so its stream is open before any
 * song is queued. In the user music dir (MPD only plays what it indexed) only while it plays, as a
 * dot file the queue's own file sweeps pass over.
 */
export const PRIME_FILE = '.h4k-prime-silence.wav';

/**
 * The listeners' MPD plays each song once (consume on, no repeat, no random), whenever songs are
 * queued and nothing holds it. While a DJ is live, or an admin paused it, it is kept paused: a song
 * added then, an MPD that comes back playing after a restart, or a stray `play` does not start it.
 *
 * Songs start on time: the MPD's stream stays connected to Liquidsoap while stopped or paused
 * (always_on, mpd/user.conf.tmpl), each start is announced (`h4k.cue`) so the song is on air from
 * its first sample, and the queue running out is announced (`h4k.release`) so the next tier fades
 * in at once rather than after Liquidsoap heard 2.5 s of silence. The stream only opens at the
 * MPD's first play: so when the MPD (re)connects idle, it plays a second of silence (PRIME_FILE)
 * and stops, before any song is queued; the level gate keeps that silence off air. When songs are
 * waiting already (the MPD restored its queue), the first song is primed instead (play, pause, wait
 * for Liquidsoap, back to 0 s).
 */
@Injectable()
export class UserQueueService implements OnModuleInit {
  private readonly logger = new Logger(UserQueueService.name);
  private readonly inStep = new CoalescedRun(() => this.converge());
  private lastState: Status['state'];
  /** The MPD (re)connected: its stream may not be open yet (see openStream). */
  private openDue = false;
  /** Counts the MPD's connections: a retry of an older one's set-up stops. */
  private connection = 0;

  constructor(
    private readonly mpds: Mpds,
    private readonly holds: PlaybackHolds,
    private readonly handovers: Handovers,
    @Inject(USER_MUSIC_DIR) private readonly musicDir: string,
  ) {}

  onModuleInit(): void {
    this.mpds.user.onReady(() => {
      this.openDue = true;
      void this.setUp(++this.connection);
    });
    this.mpds.user.onPlayerOrPlaylistChange(() => {
      this.keepInStep().catch((error: unknown) => this.logger.warn(`user queue check failed: ${String(error)}`));
    });
  }

  /** Plays queued songs when nothing holds the queue; pauses it while something does. */
  keepInStep(): Promise<void> {
    return this.inStep.run();
  }

  /**
   * After every (re)connect: the modes, then the queue brought in step (and the stream opened) even
   * if the modes failed, so a freshly restarted MPD that refuses one command still gets its prime;
   * the modes are tried again while this connection lasts (a newer one sets itself up).
   */
  private async setUp(connection: number, attempt = 1): Promise<void> {
    try {
      await this.mpds.user.setModes({ consume: true, repeat: false, random: false });
    } catch (error) {
      this.logger.warn(`could not set the user MPD's modes (try ${attempt} of ${SET_UP_ATTEMPTS}): ${String(error)}`);
      if (attempt < SET_UP_ATTEMPTS) {
        setTimeout(() => {
          if (connection === this.connection && this.mpds.user.connected) void this.setUp(connection, attempt + 1);
        }, 1000 * attempt).unref();
      }
    }
    await this.keepInStep().catch((error: unknown) => this.logger.warn(`user queue check failed: ${String(error)}`));
  }

  private async converge(): Promise<void> {
    const mpd = this.mpds.user;
    await this.holds.loaded();
    if (this.openDue) {
      this.openDue = false;
      await this.openStream().catch((error: unknown) => {
        this.logger.warn(`could not open the user MPD's stream ahead of its first song: ${String(error)}`);
      });
    }
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
   * An idle MPD that Liquidsoap does not hear yet plays PRIME_FILE and stops: its always_on stream
   * is open from then on and Liquidsoap connects within its 0.5 s poll, so even the first song is
   * cued on a connected stream (~0.7 s to air instead of ~2.1 s with the song primed). Runs in the
   * MPD's exclusive lane (no song is added meanwhile) and inside `converge` (which it would
   * otherwise race). A prime entry left by a crash mid-way is removed first.
   */
  private async openStream(): Promise<void> {
    const mpd = this.mpds.user;
    await mpd.exclusive(async () => {
      await mpd.removeEntries(await mpd.entriesOf(PRIME_FILE));
      const status = await mpd.status();
      if (status.state !== 'stop' || (status.playlistLength ?? 0) > 0) return;
      if (await this.handovers.connected('user')) return;
      const path = join(this.musicDir, PRIME_FILE);
      await writeFile(path, silentWav(1));
      try {
        await mpd.updateDatabase(PRIME_FILE);
        await mpd.append(PRIME_FILE);
        await mpd.play();
        await this.untilAudioLeft();
      } finally {
        // The entry going stops the MPD; its stream stays open (always_on).
        await mpd.removeEntries(await mpd.entriesOf(PRIME_FILE));
        await unlink(path).catch(() => undefined);
        await mpd.updateDatabase(PRIME_FILE);
      }
      this.logger.log('user MPD played its prime: its stream is open before the first song');
    });
  }

  /** Paused or stopped before its first audio reached the output, MPD would not open the stream at all. */
  private async untilAudioLeft(): Promise<void> {
    const deadline = Date.now() + PRIME_TIMEOUT_MS;
    while (!((await this.mpds.user.status()).elapsed ?? 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, PRIME_POLL_MS / 5));
    }
  }

  /**
   * Liquidsoap does not hear the MPD's stream yet (it opens at the first play): start the song and
   * pause it at once, wait until Liquidsoap connected, put it back to its start and announce it.
   */
  private async prime(): Promise<void> {
    const mpd = this.mpds.user;
    await mpd.play();
    await this.untilAudioLeft();
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

/** `seconds` of digital silence as a WAV (8 kHz mono, 16 bit): any format does, MPD resamples. */
function silentWav(seconds: number): Buffer {
  const rate = 8000;
  const data = rate * 2 * seconds;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data, 40);
  return Buffer.concat([header, Buffer.alloc(data)]);
}
