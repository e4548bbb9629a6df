import type { LivestreamUserUsage } from '@h4k/contracts';
import {
  eventually,
  isStarterTone,
  isTone,
  liquidsoapCommand,
  type OwnedProcess,
  startToneEncoder,
  ToneMonitor,
} from '@h4k/testing';
import { E2E_LIVE_SILENCE_SECONDS } from '@h4k/testing/station';

import { sharedStation } from './support/shared-station';

/** Below the starter tracks (330–550 Hz) and far from what noise reads as (its zero crossings: ~1–2 kHz). */
const DJ_TONE = 250;
/** The DJ's encoder sends the tone, then digital silence for these stream seconds, then the tone again. */
const SILENT: readonly [number, number] = [8, 20];

interface NowPlaying {
  tier: string;
  liveSilent: boolean;
}

describe('a DJ who sends silence counts as down (issue #9), on the real station', () => {
  const station = sharedStation();
  let monitor: ToneMonitor;
  let encoder: OwnedProcess | undefined;

  const nowPlaying = async () => (await (await fetch(station.url('/api/now-playing'))).json()) as NowPlaying;
  const harbor = () => liquidsoapCommand(station.ports.liquidsoapTelnet, 'live.status');

  beforeAll(() => {
    monitor = new ToneMonitor(station.icecastUrl('/radio'));
  });

  afterAll(async () => {
    monitor?.stop();
    await encoder?.stop('SIGKILL');
  });

  it('plays the tier below after LIVE_SILENCE_SECONDS, says so, keeps the DJ connected and counting, and puts them back when their audio returns', async () => {
    const dj = await station.admin<{ token: string }>('POST', '/admin/livestream/token', {
      user_id: 'e2e-silent-dj',
      max_streaming_seconds: 600,
    });
    // From the fallback, so "the tier below" is a known one.
    await monitor.waitFor('the fallback on air', isStarterTone, 60_000);
    const connected = Date.now();
    encoder = startToneEncoder({
      harborPort: station.ports.harbor,
      password: dj.token,
      frequency: DJ_TONE,
      show: { name: 'Quiet show', description: 'e2e' },
      silentBetween: SILENT,
    });
    const isDj = isTone(DJ_TONE);
    const liveAt = await monitor.waitFor('the DJ on air', isDj, 30_000, connected);
    await eventually('now-playing says live', async () => (await nowPlaying()).tier === 'live', 5_000);

    // The DJ goes quiet: whatever plays next must be audible and not the DJ (the fallback's starter tones).
    const lastDj = await monitor.waitFor('the DJ quiet', (s) => s.rmsDb < -50, 30_000, liveAt);
    const belowAt = await monitor.waitFor('the tier below', isStarterTone, 30_000, lastDj);
    const silentFor = (belowAt - lastDj) / 1000;
    await eventually('now-playing says the DJ is silent', async () => (await nowPlaying()).liveSilent, 5_000);
    expect((await nowPlaying()).tier).not.toBe('live');
    expect(await harbor()).toMatch(/^source client connected/);

    // Their audio returns: back on air, now-playing clear again.
    const backAt = await monitor.waitFor('the DJ back', isDj, 30_000, belowAt);
    await eventually(
      'now-playing says live again',
      async () => {
        const np = await nowPlaying();
        return np.tier === 'live' && !np.liveSilent;
      },
      5_000,
    );
    const silentStreamSeconds = SILENT[1] - SILENT[0];
    console.log(
      `silent DJ: ${silentFor.toFixed(1)} s of silence on /radio before the tier below was audible ` +
        `(LIVE_SILENCE_SECONDS=${E2E_LIVE_SILENCE_SECONDS}); DJ audible again ${((backAt - belowAt) / 1000).toFixed(1)} s ` +
        `after the tier below came in (${silentStreamSeconds} s of silence sent)`,
    );
    // Not before the limit, and not much after it (2 s fade in, 0.25 s windows, a busy box).
    expect(silentFor).toBeGreaterThanOrEqual(E2E_LIVE_SILENCE_SECONDS - 0.5);
    expect(silentFor).toBeLessThan(E2E_LIVE_SILENCE_SECONDS + 3);

    // Their time kept counting through the silence: connect → disconnect, all of it.
    await encoder.stop('SIGKILL');
    const streamed = (Date.now() - connected) / 1000;
    await eventually('the harbor empty', async () => /^no source client connected/.test(await harbor()), 15_000);
    const usage = (await station.admin<LivestreamUserUsage[]>('GET', '/admin/livestream/users')).find(
      (user) => user.userId === 'e2e-silent-dj',
    );
    expect(usage?.usedSeconds).toBeGreaterThan(streamed - 6);
  }, 120_000);
});
