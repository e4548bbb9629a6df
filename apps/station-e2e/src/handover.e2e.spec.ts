import { join } from 'node:path';

import {
  DeadAirDetector,
  eventually,
  goertzelDb as toneDb,
  PcmWindows,
  rmsDb,
  startToneEncoder,
  tempDir,
  writeTone,
} from '@h4k/testing';
import { Listener } from '@h4k/testing/station';

import { sharedStation } from './support/shared-station';

type Tier = 'live' | 'user' | 'fallback' | 'noise';

// 32 kHz: at 8 kHz, the codecs' noise under a loud tone aliased into the noise bins (−39 dB measured).
const RATE = 32000;
const WINDOW = 1600;
const WINDOW_MS = 50;
/** The starter tracks of the fallback; the user's and the DJ's tones are the test's own. */
const FALLBACK_TONES = [330, 440, 550];
const USER_TONE = 1210;
const LIVE_TONE = 1000;
/** Noise is broadband: its level is read where no tone lies. */
const NOISE_BINS = [10000, 10700, 11400, 12100, 12800, 13500, 14200, 14900];
const AUDIBLE_DB = -50;
/** What issue #9 asks of an announced switch. */
const MAX_TIME_TO_AUDIBLE_MS = 500;
/**
 * An unannounced loss (a killed MPD) is detected, not announced: Liquidsoap first sees the stream
 * end. What matters there is no dead air (MAX_SILENCE_MS); measured 455–509 ms to audible in CI.
 */
const MAX_UNANNOUNCED_TIME_TO_AUDIBLE_MS = 1000;
const MAX_SILENCE_MS = 250;
/**
 * An announced switch is a crossfade: not even the ~200 ms gap of a hard cut (what a stopped MPD
 * gave before, measured in 50 ms windows) is left. Two windows allow for a window's rounding.
 */
const MAX_ANNOUNCED_SILENCE_MS = 100;

/** Power of one frequency in a window, as the RMS (dBFS) a sine of that power would have. */
const goertzelDb = (pcm: Float64Array, frequency: number) => toneDb(pcm, frequency, RATE);

/** White noise of RMS σ gives |X(f)|² = Nσ² in every bin: the mean over bins away from the tones estimates σ. */
function noiseDb(pcm: Float64Array): number {
  const mean =
    NOISE_BINS.reduce((sum, frequency) => sum + 10 ** (goertzelDb(pcm, frequency) / 10), 0) / NOISE_BINS.length;
  return 10 * Math.log10(Math.max((mean * pcm.length) / 2, 1e-12));
}

interface TierLevels {
  rmsDb: number;
  levels: Record<Tier, number>;
}

/**
 * Hears /radio like a listener and tells, per 50 ms window, how loud each tier's own signal is,
 * so the next tier is found while the last one still fades out. Windows are placed on the
 * station's clock from their earliest arrival (Icecast's burst and Ogg pages only ever delay them).
 */
class TierProbe extends PcmWindows<TierLevels> {
  constructor(url: string) {
    super(url, RATE, WINDOW, (pcm) => {
      const toneDb = (frequency: number) => goertzelDb(pcm, frequency);
      return {
        rmsDb: rmsDb(pcm),
        levels: {
          live: toneDb(LIVE_TONE),
          user: toneDb(USER_TONE),
          fallback: Math.max(...FALLBACK_TONES.map(toneDb)),
          noise: noiseDb(pcm),
        },
      };
    });
  }

  /** Waits until `tier` has been heard for a whole second after `since`. */
  async waitFor(tier: Tier, timeoutMs: number, since = Date.now()): Promise<void> {
    await eventually(
      `${tier} on /radio`,
      () => {
        const recent = this.windows.filter((window) => window.at >= since).slice(-20);
        return recent.length === 20 && recent.every((window) => window.levels[tier] > -40);
      },
      timeoutMs,
    );
  }

  /** Waits until the audio the station played `ms` after `at` has arrived. */
  async waitUntilHeard(at: number, ms: number): Promise<void> {
    await eventually('the stream to catch up', () => this.indexAt(at) + ms / WINDOW_MS < this.windows.length, 30_000);
  }

  /**
   * From `calledAt` on the station's clock: how long until `tier` is audible (and stays so for a
   * second), and the longest run of windows below −50 dBFS. Audible means above −50 dB and, for a
   * switch, 3 dB above the loudest it read in the second before the call (the codecs' noise under
   * a loud tone reads about −52 dB in the noise bins).
   */
  measure(
    tier: Tier,
    calledAt: number,
    sameTier: boolean,
  ): { toAudibleMs: number | null; longestSilenceMs: number; beforeDb: number } {
    const from = this.indexAt(calledAt);
    const start = Math.max(0, Math.floor(from));
    const beforeDb = Math.max(
      ...this.windows.slice(Math.max(0, start - 20), start).map((window) => window.levels[tier]),
    );
    // Noise is read in bins where the codecs also leave some noise under a loud tone (about −43 dB
    // here): it counts once it rose 3 dB above that. A tone's bins read below −60 dB when it is off.
    const audible = tier === 'noise' && !sameTier ? Math.max(AUDIBLE_DB, beforeDb + 3) : AUDIBLE_DB;
    let toAudibleMs: number | null = null;
    for (let index = start; index + 20 <= this.windows.length; index++) {
      if (this.windows.slice(index, index + 20).every((window) => window.levels[tier] >= audible)) {
        toAudibleMs = Math.max(0, Math.round((index - from) * WINDOW_MS));
        break;
      }
    }
    let longest = 0;
    let run = 0;
    for (const window of this.windows.slice(start)) {
      run = window.rmsDb < AUDIBLE_DB ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return { toAudibleMs, longestSilenceMs: longest * WINDOW_MS, beforeDb: Math.round(beforeDb) };
  }

  /** The (fractional) window index the station played at wall-clock `at`. */
  private indexAt(at: number): number {
    // The earliest arrival around `at` (±5 s: clocks drift over a long suite) is the least delayed.
    let offset = Infinity;
    this.windows.forEach((window, index) => {
      if (Math.abs(window.at - at) < 5000) offset = Math.min(offset, window.at - index * WINDOW_MS);
    });
    if (offset === Infinity) throw new Error('the probe heard nothing around the call');
    return (at - offset) / WINDOW_MS;
  }
}

/**
 * Issue #9: a switch the station makes itself (an admin's pause, skip or clear of the playlist on
 * air, the user song on air deleted, a DJ kicked) hands over at once: the next tier audible within
 * 0.5 s of the call, no run below −50 dBFS on the decoded /radio.
 */
describe('announced handovers', () => {
  const station = sharedStation();
  const measured: string[] = [];
  let probe: TierProbe;
  let listener: Listener;
  let userSong: string;

  /** Queues the user tone (60 s) alone in a running user queue and waits until it is on air. */
  const userSongOnAir = async (): Promise<string> => {
    await station.admin('POST', '/admin/resume?playlist=user');
    await station.admin('POST', '/admin/queue/clear?playlist=user');
    const since = Date.now();
    const upload = await listener.upload(userSong);
    if (upload.status !== 202) throw new Error(`upload: ${upload.status} ${await upload.text()}`);
    const { id } = (await upload.json()) as { id: string };
    await probe.waitFor('user', 60_000, since);
    // The tier before it fades out over 2 s: a switch starts from the user tone alone.
    await settle();
    return id;
  };

  /** Makes the switch, then checks what a listener heard from the call on. */
  const settle = () => new Promise((done) => setTimeout(done, 3000));

  const handover = async (
    what: string,
    next: Tier,
    call: () => Promise<unknown>,
    { sameTier = false, announced = true } = {},
  ) => {
    const detector = new DeadAirDetector(station.url('/radio'));
    try {
      await detector.waitForAudio(3000, 20_000);
      const calledAt = Date.now();
      await call();
      await probe.waitUntilHeard(calledAt, 5000);
      await detector.waitForAudio(1000, 20_000, Date.now());
      const silences = detector.stop().filter((event) => event.at >= calledAt);
      const { toAudibleMs, longestSilenceMs, beforeDb } = probe.measure(next, calledAt, sameTier);
      measured.push(
        `${what} → ${next}: audible after ${toAudibleMs ?? 'never'} ms, longest silence ${longestSilenceMs} ms` +
          ` (${next} at ${beforeDb} dB in the second before)`,
      );
      // A switch: the next tier's tone was off before the call.
      if (!sameTier && next !== 'noise') expect(beforeDb).toBeLessThan(AUDIBLE_DB);
      expect({ what, silences }).toEqual({ what, silences: [] });
      expect(longestSilenceMs).toBeLessThanOrEqual(announced ? MAX_ANNOUNCED_SILENCE_MS : MAX_SILENCE_MS);
      expect(toAudibleMs).not.toBeNull();
      expect(toAudibleMs).toBeLessThanOrEqual(announced ? MAX_TIME_TO_AUDIBLE_MS : MAX_UNANNOUNCED_TIME_TO_AUDIBLE_MS);
    } finally {
      detector.stop();
    }
  };

  beforeAll(async () => {
    userSong = join(tempDir('handover'), `handover-${USER_TONE}.ogg`);
    await writeTone(userSong, USER_TONE, 60, `Handover tone ${USER_TONE}`);
    listener = await Listener.mint(station, { max_queue_songs: 10 });
    probe = new TierProbe(station.url('/radio'));
    await station.admin('POST', '/admin/resume?playlist=user');
    await station.admin('POST', '/admin/resume?playlist=fallback');
    // The station is shared: a song another spec queued may still play. The first test starts from
    // the fallback alone on air.
    await station.admin('POST', '/admin/queue/clear?playlist=user');
    await eventually(
      'the fallback alone on air',
      async () =>
        ((await (await fetch(station.url('/api/now-playing'))).json()) as { tier?: string }).tier === 'fallback',
      30_000,
    );
    await probe.waitFor('fallback', 30_000);
  }, 60_000);

  afterAll(async () => {
    if (measured.length > 0) process.stdout.write(`handover times:\n${measured.join('\n')}\n`);
    probe?.stop();
    await station.admin('POST', '/admin/resume?playlist=user').catch(() => undefined);
    await station.admin('POST', '/admin/resume?playlist=fallback').catch(() => undefined);
    await station.admin('POST', '/admin/queue/clear?playlist=user').catch(() => undefined);
  });

  it('pausing the fallback on air hands over to noise', async () => {
    try {
      await handover('admin pause of the fallback', 'noise', () =>
        station.admin('POST', '/admin/pause?playlist=fallback'),
      );
    } finally {
      await station.admin('POST', '/admin/resume?playlist=fallback');
      await probe.waitFor('fallback', 30_000);
    }
  }, 90_000);

  it('pausing the user queue on air hands over to the fallback', async () => {
    await userSongOnAir();
    try {
      await handover('admin pause of the user queue', 'fallback', () =>
        station.admin('POST', '/admin/pause?playlist=user'),
      );
    } finally {
      await station.admin('POST', '/admin/resume?playlist=user');
    }
  }, 120_000);

  it.each<[string, string, (song: string) => Promise<unknown>]>([
    [
      'skipping the last user song on air (the queue stops)',
      'admin skip of the last user song',
      () => station.admin('POST', '/admin/skip?playlist=user'),
    ],
    [
      'deleting the user song on air',
      'the user song on air deleted',
      (song) => station.admin('DELETE', `/admin/queue/${song}?playlist=user`),
    ],
    [
      'clearing the user queue on air',
      'admin clear of the user queue',
      () => station.admin('POST', '/admin/queue/clear?playlist=user'),
    ],
  ])(
    '%s hands over to the fallback',
    async (_case, switchName, call) => {
      const song = await userSongOnAir();
      await handover(switchName, 'fallback', () => call(song));
    },
    120_000,
  );

  it('kicking a live DJ hands over to the fallback', async () => {
    const { token } = await station.admin<{ token: string }>('POST', '/admin/livestream/token', {
      user_id: 'e2e-handover',
      max_streaming_seconds: 600,
    });
    const since = Date.now();
    const encoder = startToneEncoder({ harborPort: station.ports.harbor, password: token, frequency: LIVE_TONE });
    try {
      await probe.waitFor('live', 30_000, since);
      await settle();
      await handover('admin kick of the DJ', 'fallback', () => station.admin('POST', '/admin/livestream/kick'));
    } finally {
      await encoder.stop('SIGKILL');
      await station.admin('POST', '/admin/livestream/reset/e2e-handover').catch(() => undefined);
    }
  }, 120_000);

  it('a fallback MPD killed unannounced: noise comes in fast, not from silence', async () => {
    const pid = station.pidOf('mpd-fallback');
    await handover('kill -9 of the fallback MPD (unannounced)', 'noise', async () => process.kill(pid, 'SIGKILL'), {
      announced: false,
    });
    await eventually('mpd-fallback restarted', () => station.pidOf('mpd-fallback') !== pid, 20_000);
    await probe.waitFor('fallback', 60_000);
  }, 120_000);

  it('skipping within the fallback playlist leaves no silence', async () => {
    await handover(
      'admin skip within the fallback',
      'fallback',
      () => station.admin('POST', '/admin/skip?playlist=fallback'),
      {
        sameTier: true,
      },
    );
  }, 90_000);
});
