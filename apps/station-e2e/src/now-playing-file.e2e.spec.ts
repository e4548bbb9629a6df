import { eventually } from '@h4k/testing';

import { sharedStation } from './support/shared-station';

/**
 * GET /api/now-playing is what widgets and players poll: Caddy serves it from the file the gateway
 * rewrites, so a busy station's polling never reaches Node. It must say what the gateway says.
 */
describe('GET /api/now-playing served by Caddy from the gateway file', () => {
  const station = sharedStation();
  const auth = { Authorization: `Bearer ${station.adminToken}` };

  it("is Caddy's file (Last-Modified, no-cache: the gateway sends neither) and agrees with the gateway's route", async () => {
    const viaCaddy = await fetch(station.url('/api/now-playing'));
    expect(viaCaddy.status).toBe(200);
    expect(viaCaddy.headers.get('content-type')).toMatch(/^application\/json/);
    expect(viaCaddy.headers.get('last-modified')).toBeTruthy();
    expect(viaCaddy.headers.get('cache-control')).toBe('no-cache');
    const fromFile = (await viaCaddy.json()) as { tier: string; since: string; elapsedSeconds: number };
    const fromGateway = (await (await fetch(station.gatewayUrl('/now-playing'))).json()) as typeof fromFile;
    expect({ ...fromFile, elapsedSeconds: 0 }).toEqual({ ...fromGateway, elapsedSeconds: 0 });
    expect(Math.abs(fromFile.elapsedSeconds - fromGateway.elapsedSeconds)).toBeLessThanOrEqual(2);
  });

  it('follows a tier change within a second or so', async () => {
    const tier = async () => ((await (await fetch(station.url('/api/now-playing'))).json()) as { tier: string }).tier;
    await eventually('the fallback on air', async () => (await tier()) === 'fallback', 30_000);
    const paused = await fetch(station.url('/api/admin/pause?playlist=fallback'), { method: 'POST', headers: auth });
    expect(paused.ok).toBe(true);
    try {
      await eventually('noise in the served file', async () => (await tier()) === 'noise', 15_000);
    } finally {
      await fetch(station.url('/api/admin/resume?playlist=fallback'), { method: 'POST', headers: auth });
    }
    await eventually('the fallback back in the served file', async () => (await tier()) === 'fallback', 30_000);
  });
});
