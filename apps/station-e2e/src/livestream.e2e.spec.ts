import {
  eventually,
  isTone,
  liquidsoapCommand,
  startToneEncoder,
  ToneMonitor,
  type OwnedProcess,
  type ToneSample,
} from '@h4k/testing';
import type { LivestreamStatus, LivestreamUserUsage, PlaybackState } from '@h4k/contracts';
import { sharedStation } from './support/shared-station';

const LIVE_TONE = 1000;
const isStarterTone = (sample: ToneSample) => sample.rmsDb > -40 && sample.frequency > 280 && sample.frequency < 620;

describe('live DJs through the harbor, with real ffmpeg as the encoder', () => {
  const station = sharedStation();
  const encoders: OwnedProcess[] = [];
  let monitor: ToneMonitor;

  const admin = async <T>(method: 'GET' | 'POST', path: string, body?: object): Promise<T> => {
    const response = await fetch(station.url(`/api${path}`), {
      method,
      headers: { Authorization: `Bearer ${station.adminToken}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const mint = (userId: string, seconds: number) =>
    admin<{ token: string; expires_at: string }>('POST', '/admin/livestream/token', {
      user_id: userId,
      max_streaming_seconds: seconds,
    });
  const encoder = (token: string, frequency: number, name: string): OwnedProcess => {
    const process = startToneEncoder({
      harborPort: station.ports.harbor,
      password: token,
      frequency,
      show: { name, description: 'e2e show' },
    });
    encoders.push(process);
    return process;
  };
  const usedBy = async (userId: string) =>
    (await admin<LivestreamUserUsage[]>('GET', '/admin/livestream/users')).find((user) => user.userId === userId);
  const exitOf = (process: OwnedProcess) =>
    new Promise<number>((resolve) =>
      process.running ? process.child.once('exit', () => resolve(Date.now())) : resolve(Date.now()),
    );

  const harborStatus = () => liquidsoapCommand(station.ports.liquidsoapTelnet, 'live.status');

  beforeAll(() => {
    monitor = new ToneMonitor(station.icecastUrl('/radio'));
  });

  afterAll(async () => {
    monitor?.stop();
    await Promise.all(encoders.map((process) => process.stop('SIGKILL')));
  });

  it('goes live over the fallback, refuses a second DJ, cuts a 60 s allowance at 60 s over two sessions', async () => {
    await monitor.waitFor('the fallback before the DJ', isStarterTone, 30_000);

    // Session 1: on air above everything.
    const ada = await mint('e2e-ada', 60);
    const encoderStarted = Date.now();
    let first = encoder(ada.token, LIVE_TONE, "Ada's set");
    const liveAt = await monitor.waitFor('the live tone', isTone(LIVE_TONE), 30_000, encoderStarted);
    const status = await admin<LivestreamStatus>('GET', '/admin/livestream');
    expect(status.live).toEqual(expect.objectContaining({ userId: 'e2e-ada' }));
    const nowPlaying = (await (await fetch(station.url('/api/now-playing'))).json()) as { tier: string; title: string };
    expect(nowPlaying).toEqual(expect.objectContaining({ tier: 'live', title: "Ada's set" }));

    // The listeners' queue waits while a DJ is live (its MPD is held paused).
    await eventually(
      'the user queue held for the DJ',
      async () => (await admin<PlaybackState>('POST', '/admin/resume?playlist=user')).hold === 'live',
      10_000,
    );

    // A second DJ is refused while the first is live.
    const bob = await mint('e2e-bob', 600);
    const second = encoder(bob.token, 1500, "Bob's set");
    await eventually('the second encoder refused', () => !second.running, 20_000);
    expect(second.child.exitCode).not.toBe(0);
    expect(first.running).toBe(true);

    // A network hiccup shorter than the grace: the encoder drops and reconnects; the output never bounces.
    const since = Date.parse(status.live?.since ?? new Date().toISOString());
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, since + 12_000 - Date.now())));
    const hiccupAt = Date.now();
    await first.stop('SIGKILL');
    first = encoder(ada.token, LIVE_TONE, "Ada's set");
    // The monitor hears the stream ~4 s behind the edge: judge the 12 s after the drop.
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    const afterHiccup = monitor.samples.filter((sample) => sample.at >= hiccupAt);
    expect(afterHiccup.filter(isStarterTone)).toEqual([]);
    expect(afterHiccup.slice(-4).every(isTone(LIVE_TONE))).toBe(true);
    const quietSeconds = afterHiccup.filter((sample) => sample.rmsDb < -40).length / 4;

    // Stop session 1 after 40 s of streaming (the hiccup's gap is not charged).
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, since + 40_000 - Date.now())));
    const stoppedAt = Date.now();
    await first.stop('SIGINT');
    const fallbackAt = await monitor.waitFor('the fallback after the DJ left', isStarterTone, 30_000, stoppedAt);
    await eventually(
      'the user queue released after the DJ left',
      async () => (await admin<PlaybackState>('POST', '/admin/resume?playlist=user')).hold === null,
      10_000,
    );
    await eventually('40 s accounted', async () => ((await usedBy('e2e-ada'))?.usedSeconds ?? 0) > 0, 10_000);
    const afterFirst = await usedBy('e2e-ada');
    expect(afterFirst?.usedSeconds).toBeGreaterThanOrEqual(36);
    expect(afterFirst?.usedSeconds).toBeLessThanOrEqual(42);

    // Session 2 continues from the total and is cut when the 60 s run out.
    const again = encoder(ada.token, LIVE_TONE, "Ada's set, part 2");
    const exited = exitOf(again);
    await eventually(
      'session 2 connected',
      async () => (await admin<LivestreamStatus>('GET', '/admin/livestream')).live?.since != null,
      20_000,
    );
    const session2 = await admin<LivestreamStatus>('GET', '/admin/livestream');
    const deadline = Date.parse(session2.live?.endsAt ?? '');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - 500 - Date.now())));
    expect(await harborStatus()).toMatch(/^source client connected/);
    let droppedAt = 0;
    while (!droppedAt) {
      if (/no source client connected/.test(await harborStatus())) droppedAt = Date.now();
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const kickedAt = await exited;
    const liveGoneAt = await monitor.waitFor('the fallback after the kick', isStarterTone, 30_000, droppedAt);
    const total = await usedBy('e2e-ada');
    expect(total?.usedSeconds).toBeGreaterThanOrEqual(59);
    expect(total?.usedSeconds).toBeLessThanOrEqual(61);
    expect(droppedAt - deadline).toBeLessThan(1000);
    expect(kickedAt - deadline).toBeLessThan(5000);

    // And refused from then on.
    const third = encoder(ada.token, LIVE_TONE, "Ada's set, part 3");
    await eventually('the exhausted token refused', () => !third.running, 20_000);
    expect(third.child.exitCode).not.toBe(0);

    process.stdout.write(
      [
        `encoder start → live audible on /radio: ${((liveAt - encoderStarted) / 1000).toFixed(1)} s`,
        `reconnect within the grace: ${quietSeconds.toFixed(2)} s of quiet on air, no bounce to the fallback`,
        `encoder stop → fallback audible: ${((fallbackAt - stoppedAt) / 1000).toFixed(1)} s`,
        `kick lateness (harbor source gone − allowance end): ${droppedAt - deadline} ms`,
        `encoder saw the drop after ${kickedAt - deadline} ms; fallback audible ${((liveGoneAt - deadline) / 1000).toFixed(1)} s after the allowance end`,
        `streamed total: ${total?.usedSeconds} s`,
      ].join('\n') + '\n',
    );
  }, 240_000);
});
