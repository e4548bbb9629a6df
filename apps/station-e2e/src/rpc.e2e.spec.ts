import { eventually, freePort, startProcess, startRedis, type OwnedProcess } from '@h4k/testing';
import { join, resolve } from 'node:path';
import request from 'supertest';

/**
 * Gateway → each microservice over the real Redis transport: the built services, a real
 * redis-server on a test port, no media parts (so their dependencies report down).
 */
describe('gateway to microservices over Redis', () => {
  const repoRoot = resolve(__dirname, '../../..');
  let redis: { port: number; process: OwnedProcess };
  let gatewayPort: number;
  const services = new Map<string, OwnedProcess>();

  beforeAll(async () => {
    redis = await startRedis();
    gatewayPort = await freePort();
    const env = {
      REDIS_PORT: String(redis.port),
      GATEWAY_PORT: String(gatewayPort),
      ADMIN_API_TOKEN: 'rpc-admin-token-0123456789',
      LIQUIDSOAP_TOKEN: 'rpc-liquidsoap-token-0123456789',
      JWT_SECRET: 'rpc-jwt-secret-0123456789',
      // Nothing listens on these: the services must report their dependencies down, not hang.
      MPD_USER_PORT: String(await freePort()),
      MPD_FALLBACK_PORT: String(await freePort()),
      LIQUIDSOAP_TELNET_PORT: String(await freePort()),
      ICECAST_PORT: String(await freePort()),
      RPC_TIMEOUT_MS: '2000',
    };
    for (const name of ['gateway', 'queue', 'downloader', 'livestream']) {
      services.set(name, startProcess('node', [join(repoRoot, `dist/apps/${name}/main.js`)], env));
    }
    await eventually(
      'all three services answer through the gateway',
      async () => {
        const response = await request(`http://127.0.0.1:${gatewayPort}`).get('/health');
        const details = (response.body as { details?: Record<string, { status: string }> }).details ?? {};
        return ['queue', 'downloader', 'livestream'].every((name) => details[name]?.status === 'up');
      },
      30_000,
    );
  }, 60_000);

  afterAll(async () => {
    await Promise.all([...services.values()].map((service) => service.stop()));
    await redis?.process.stop();
  });

  it('round-trips to every service and passes on what each sees', async () => {
    const response = await request(`http://127.0.0.1:${gatewayPort}`).get('/health').expect(503);
    const details = (
      response.body as {
        details: Record<string, { status: string; detail?: string }>;
      }
    ).details;
    expect(details['redis']?.status).toBe('up');
    expect(details['queue']?.status).toBe('up');
    expect(details['downloader']?.status).toBe('up');
    expect(details['livestream']?.status).toBe('up');
    expect(details['ffmpeg']).toEqual(
      expect.objectContaining({
        status: 'up',
        detail: expect.stringMatching(/ffmpeg version/),
      }),
    );
    expect(details['mpd-user']).toEqual(
      expect.objectContaining({
        status: 'down',
        detail: expect.stringMatching(/ECONNREFUSED/),
      }),
    );
    expect(details['liquidsoap']?.status).toBe('down');
  });

  it('answers within the RPC deadline when a service hangs, and reports it down', async () => {
    const queue = services.get('queue');
    if (!queue?.child.pid) throw new Error('queue not running');
    process.kill(queue.child.pid, 'SIGSTOP');
    try {
      const started = Date.now();
      const response = await request(`http://127.0.0.1:${gatewayPort}`).get('/health').expect(503);
      expect(Date.now() - started).toBeLessThan(6000);
      const details = (
        response.body as {
          details: Record<string, { status: string; detail?: string }>;
        }
      ).details;
      expect(details['queue']).toEqual(
        expect.objectContaining({
          status: 'down',
          detail: expect.stringMatching(/did not answer/),
        }),
      );
      expect(details['mpd-fallback']?.detail).toMatch(/queue service did not answer/);
      expect(details['downloader']?.status).toBe('up');
    } finally {
      process.kill(queue.child.pid, 'SIGCONT');
    }
  });

  it('maps bad input on an internal route to a 400 with the reason', async () => {
    const response = await request(`http://127.0.0.1:${gatewayPort}`)
      .post('/internal/now-playing')
      .set('Authorization', 'Bearer rpc-liquidsoap-token-0123456789')
      .send({ tier: 'radio-caroline' })
      .expect(400);
    expect(response.body).toEqual(
      expect.objectContaining({
        statusCode: 400,
        message: [expect.stringMatching(/^tier:/)],
      }),
    );
  });
});
