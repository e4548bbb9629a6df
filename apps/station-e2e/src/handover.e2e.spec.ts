import { join } from 'node:path';

import {
  AUDIBLE_DB,
  DeadAirDetector,
  eventually,
  type OwnedProcess,
  tempDir,
  type Tier,
  TierProbe,
  writeTone,
} from '@h4k/testing';
import { djAlone, Listener, userSongAlone } from '@h4k/testing/station';

import { sharedStation } from './support/shared-station';

/** The starter tracks of the fallback; the user's and the DJ's tones are the test's own. */
const TONES = { fallback: [330, 440, 550], user: 1210, live: 1000 };
/**
 * Issue #9 asks an announced switch to be audible within 0.5 s; that target is measured by
 * `npm run bench -- handover` (median and max of many runs). Here, on a shared station under a test
 * runner's load, the bound tells a handover made at once from one the level gate notices after
 * 2.5 s of quiet (3.3–3.5 s on the old code).
 */
const MAX_TIME_TO_AUDIBLE_MS = 1000;
/**
 * An unannounced loss (a killed MPD) is detected, not announced: what Liquidsoap had buffered from
 * that MPD plays out first (measured 321–955 ms to audible noise). No dead air is what matters.
 */
const MAX_UNANNOUNCED_TIME_TO_AUDIBLE_MS = 2000;
const MAX_SILENCE_MS = 250;
/**
 * An announced switch is a crossfade: not even the ~200 ms gap of a hard cut (what a stopped MPD
 * gave before, measured in 50 ms windows) is left. Two windows allow for a window's rounding.
 */
const MAX_ANNOUNCED_SILENCE_MS = 100;

/**
 * Issue #9: a switch the station makes itself (an admin's pause, skip or clear of the playlist on
 * air, the user song on air deleted, a DJ kicked) hands over at once: the next tier audible at once
 * (see MAX_TIME_TO_AUDIBLE_MS), no run below −50 dBFS on the decoded /radio.
 */
describe('announced handovers', () => {
  const station = sharedStation();
  const measured: string[] = [];
  let probe: TierProbe;
  let listener: Listener;
  let userSong: string;

  const userSongOnAir = () => userSongAlone(station, listener, probe, userSong);

  /** Makes the switch, then checks what a listener heard from the call on. */
  const handover = async (
    what: string,
    next: Tier,
    call: () => Promise<unknown>,
    {
      sameTier = false,
      announced = true,
      maxSilenceMs,
    }: { sameTier?: boolean; announced?: boolean; maxSilenceMs?: number } = {},
  ) => {
    const detector = new DeadAirDetector(station.url('/radio'));
    try {
      await detector.waitForAudio(3000, 20_000);
      const calledAt = Date.now();
      await call();
      await probe.waitUntilHeard(calledAt, 5000);
      await detector.waitForAudio(1000, 20_000, Date.now());
      // A song's own gap, right at the call, is not the handover's (maxSilenceMs allows for it).
      const silences = detector
        .stop()
        .filter(
          (event) => event.at >= calledAt && !(event.kind === 'silence' && event.seconds * 1000 <= (maxSilenceMs ?? 0)),
        );
      const { toAudibleMs, longestSilenceMs, beforeDb } = probe.measure(next, calledAt);
      measured.push(
        `${what} → ${next}: audible after ${toAudibleMs ?? 'never'} ms, longest silence ${longestSilenceMs} ms` +
          ` (${next} at ${beforeDb} dB in the second before)`,
      );
      // A switch: the next tier was not heard before the call.
      if (!sameTier) expect(beforeDb).toBeLessThan(AUDIBLE_DB);
      expect({ what, silences }).toEqual({ what, silences: [] });
      expect(longestSilenceMs).toBeLessThanOrEqual(
        maxSilenceMs ?? (announced ? MAX_ANNOUNCED_SILENCE_MS : MAX_SILENCE_MS),
      );
      expect(toAudibleMs).not.toBeNull();
      expect(toAudibleMs).toBeLessThanOrEqual(announced ? MAX_TIME_TO_AUDIBLE_MS : MAX_UNANNOUNCED_TIME_TO_AUDIBLE_MS);
    } finally {
      detector.stop();
    }
  };

  beforeAll(async () => {
    userSong = join(tempDir('handover'), `handover-${TONES.user}.ogg`);
    await writeTone(userSong, TONES.user, 60, `Handover tone ${TONES.user}`);
    listener = await Listener.mint(station, { max_queue_songs: 10 });
    probe = new TierProbe(station.url('/radio'), TONES);
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

  it('pausing the user queue on air hands over once, though the song has a gap before the MPD pauses', async () => {
    // 0.3 s of digital silence every 1.5 s: one falls in the 2 s between the release and the MPD's
    // pause. The released tier must stay off air after it: back on air, it would be silent (paused)
    // until its gate noticed, 2.5 s later (measured on the old radio.liq: 1550 ms of dead air).
    const gapped = join(tempDir('handover'), `handover-gapped-${TONES.user}.ogg`);
    await writeTone(gapped, TONES.user, 60, 'Handover tone with gaps', {
      gaps: { everySeconds: 1.5, gapSeconds: 0.3 },
    });
    await userSongAlone(station, listener, probe, gapped);
    try {
      // A gap right at the call, before the fallback comes in, is the song's own 300 ms.
      await handover(
        'admin pause of the user queue (a song with gaps)',
        'fallback',
        () => station.admin('POST', '/admin/pause?playlist=user'),
        { maxSilenceMs: 350 },
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
    let encoder: OwnedProcess | undefined;
    try {
      encoder = await djAlone(station, probe, 'e2e-handover', TONES.live);
      await handover('admin kick of the DJ', 'fallback', () => station.admin('POST', '/admin/livestream/kick'));
    } finally {
      await encoder?.stop('SIGKILL');
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
