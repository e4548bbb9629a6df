import { type ClientRequest, get } from 'node:http';

import { eventually, parsePrometheusText, type PrometheusSample, sampleValue } from '@h4k/testing';

import { sharedStation } from './support/shared-station';

const TIERS = ['live', 'user', 'fallback', 'noise'] as const;

describe('GET /api/metrics on the whole station, through Caddy', () => {
  const station = sharedStation();
  const auth = { Authorization: `Bearer ${station.adminToken}` };

  const scrape = async (): Promise<PrometheusSample[]> => {
    const response = await fetch(station.url('/api/metrics'), { headers: auth, signal: AbortSignal.timeout(10_000) });
    if (response.status !== 200) throw new Error(`/api/metrics answered ${response.status}`);
    return parsePrometheusText(await response.text());
  };
  const tierOnAir = (samples: PrometheusSample[]) =>
    TIERS.find((tier) => sampleValue(samples, 'h4k_tier_on_air', { tier }) === 1);
  const adminPost = async (path: string) => {
    const response = await fetch(station.url(`/api${path}`), { method: 'POST', headers: auth });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  };
  const health = async () => {
    const response = await fetch(station.gatewayUrl('/health'), { headers: auth, signal: AbortSignal.timeout(10_000) });
    return { status: response.status, body: (await response.json()) as { details: Record<string, object> } };
  };

  it('answers loopback callers and the admin token only, quickly', async () => {
    // Caddy forwards a loopback caller as loopback: no token needed on the station's own host.
    expect((await fetch(station.url('/api/metrics'))).status).toBe(200);
    // As Caddy forwards a remote caller (Caddy here only listens on loopback, so the header is set by hand).
    const remote = { 'X-Forwarded-For': '203.0.113.5' };
    expect((await fetch(station.gatewayUrl('/metrics'), { headers: remote })).status).toBe(401);
    expect((await fetch(station.gatewayUrl('/metrics'), { headers: { ...remote, ...auth } })).status).toBe(200);

    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      await scrape();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    process.stdout.write(
      `/api/metrics through Caddy, 20 scrapes: median ${times[10]?.toFixed(1)} ms, max ${times[19]?.toFixed(1)} ms\n`,
    );
    expect(times[10]).toBeLessThan(500);
  });

  it('shows the fallback on air and counts a listener connected to /radio', async () => {
    await eventually('the fallback on air', async () => tierOnAir(await scrape()) === 'fallback', 30_000);
    let listener: ClientRequest | undefined;
    let received = 0;
    try {
      listener = get(station.url('/radio'), (response) =>
        response.on('data', (chunk: Buffer) => (received += chunk.length)),
      );
      listener.on('error', () => undefined);
      // Icecast counts it at once; the gateway reads Icecast at most every 5 s.
      await eventually(
        'a listener counted',
        async () => (sampleValue(await scrape(), 'h4k_listeners') ?? 0) >= 1,
        15_000,
      );
      // Counted as soon as it connects; its first bytes come through Caddy a moment later.
      await eventually('audio arriving at the listener', () => received > 0, 10_000);
    } finally {
      listener?.destroy();
    }
  });

  it('follows a tier change: off air while the fallback is paused, on air again after', async () => {
    const before = await scrape();
    const switchesOf = (samples: PrometheusSample[], from: string, to: string) =>
      sampleValue(samples, 'h4k_tier_switches_total', { from, to }) ?? 0;
    const deadAirBefore = sampleValue(before, 'h4k_dead_air_seconds_total') ?? 0;
    const paused = Date.now();
    await adminPost('/admin/pause?playlist=fallback');
    let resumed = 0;
    try {
      await eventually('the noise tier on air', async () => tierOnAir(await scrape()) === 'noise', 20_000);
      const offAirSeconds = (Date.now() - paused) / 1000;
      const offAir = await health();
      expect(offAir.status).toBe(503);
      expect(offAir.body.details['on_air']).toEqual({ status: 'down', tier: 'noise' });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const during = await scrape();
      expect(switchesOf(during, 'fallback', 'noise')).toBe(switchesOf(before, 'fallback', 'noise') + 1);
      expect(sampleValue(during, 'h4k_dead_air_seconds_total')).toBeGreaterThanOrEqual(deadAirBefore + 1);
      process.stdout.write(`pause → noise on /metrics: ${offAirSeconds.toFixed(1)} s\n`);
    } finally {
      resumed = Date.now();
      await adminPost('/admin/resume?playlist=fallback');
    }
    await eventually('the fallback back on air', async () => tierOnAir(await scrape()) === 'fallback', 20_000);
    process.stdout.write(`resume → fallback on /metrics: ${((Date.now() - resumed) / 1000).toFixed(1)} s\n`);
    const after = await scrape();
    expect(switchesOf(after, 'noise', 'fallback')).toBe(switchesOf(before, 'noise', 'fallback') + 1);
    await eventually('/health on air again', async () => (await health()).status === 200, 20_000);
    expect((await health()).body.details['on_air']).toEqual({ status: 'up', tier: 'fallback' });
  });

  it("counts the runner's restart of the queue service after kill -9", async () => {
    const restarts = async () => sampleValue(await scrape(), 'h4k_process_restarts_total', { process: 'queue' }) ?? 0;
    const before = await restarts();
    const pid = station.pidOf('queue');
    const killed = Date.now();
    process.kill(pid, 'SIGKILL');
    await eventually('the restart counted', async () => (await restarts()) === before + 1, 30_000);
    process.stdout.write(
      `kill -9 queue → restart counted on /metrics: ${((Date.now() - killed) / 1000).toFixed(1)} s\n`,
    );
    expect(station.pidOf('queue')).not.toBe(pid);
    // Back in service before the next spec uses the station.
    await eventually(
      'the queue service answering',
      async () => ((await health()).body.details['queue'] as { status?: string } | undefined)?.status === 'up',
      30_000,
    );
  });
});
