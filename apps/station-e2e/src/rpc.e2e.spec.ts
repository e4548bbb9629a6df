import { createHmac } from 'node:crypto';

import { eventually, type OwnedProcess, startRedis } from '@h4k/testing';
import { type NodeService, startBareServices } from '@h4k/testing/station';
import request from 'supertest';

/**
 * Gateway → each microservice over the real Redis transport: the built services, a real
 * redis-server on a test port, no media parts (so their dependencies report down).
 */
describe('gateway to microservices over Redis', () => {
  let redis: { port: number; process: OwnedProcess };
  let gatewayPort: number;
  let services: Map<NodeService, OwnedProcess> | undefined;

  beforeAll(async () => {
    redis = await startRedis();
    ({ gatewayPort, services } = await startBareServices('rpc', { REDIS_PORT: String(redis.port) }));
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
    await Promise.all([...(services?.values() ?? [])].map((service) => service.stop()));
    await redis?.process.stop();
  });

  it('round-trips to every service and passes on what each sees (details for the admin only)', async () => {
    const response = await request(`http://127.0.0.1:${gatewayPort}`)
      .get('/health')
      .set('Authorization', 'Bearer rpc-admin-token-0123456789')
      .expect(503);
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

    // Without the admin token (or with a wrong one): up/down per part, no versions, no error texts.
    for (const authorization of [undefined, 'Bearer not-the-admin-token-0123']) {
      const call = request(`http://127.0.0.1:${gatewayPort}`).get('/health');
      const anonymous = await (authorization ? call.set('Authorization', authorization) : call).expect(503);
      const body = anonymous.body as { details: Record<string, Record<string, unknown>> };
      expect(body.details['ffmpeg']).toEqual({ status: 'up' });
      expect(body.details['mpd-user']).toEqual({ status: 'down' });
      expect(JSON.stringify(anonymous.body)).not.toMatch(/version|ECONNREFUSED|"detail"/i);
    }
  });

  it('answers within the RPC deadline when a service hangs, and reports it down', async () => {
    const queue = services?.get('queue');
    if (!queue?.child.pid) throw new Error('queue not running');
    process.kill(queue.child.pid, 'SIGSTOP');
    try {
      const started = Date.now();
      const response = await request(`http://127.0.0.1:${gatewayPort}`)
        .get('/health')
        .set('Authorization', 'Bearer rpc-admin-token-0123456789')
        .expect(503);
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

  describe('live DJ tokens and harbor auth, refused with a reason', () => {
    const admin = 'Bearer rpc-admin-token-0123456789';
    const liquidsoap = 'Bearer rpc-liquidsoap-token-0123456789';
    const api = () => request(`http://127.0.0.1:${gatewayPort}`);
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = () => Math.floor(Date.now() / 1000);
    const sign = (payload: object, secret = 'rpc-jwt-secret-0123456789') => {
      const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
      return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
    };
    const livestreamClaims = (userId: string) => ({
      type: 'livestream',
      user_id: userId,
      max_streaming_seconds: 600,
      iat: now(),
      exp: now() + 1200,
      jti: userId,
    });
    const harborAuth = (password: string, user = 'source') =>
      api()
        .post('/internal/livestream/auth')
        .set('Authorization', liquidsoap)
        .send({ user, password, address: '192.0.2.7' });
    const mint = async (userId: string, seconds = 600) =>
      (
        await api()
          .post('/admin/livestream/token')
          .set('Authorization', admin)
          .send({ user_id: userId, max_streaming_seconds: seconds })
          .expect(201)
      ).body as { token: string; expires_at: string };
    const liveUser = async () =>
      (
        (await api().get('/admin/livestream').set('Authorization', admin).expect(200)).body as {
          live: { userId: string } | null;
        }
      ).live?.userId ?? null;

    it('mints a livestream token that expires after 2 × max_streaming_seconds', async () => {
      const before = Date.now();
      const minted = await mint('rpc-ada', 300);
      expect(minted.token.split('.')).toHaveLength(3);
      expect(Date.parse(minted.expires_at) - before).toBeGreaterThanOrEqual(599_000);
      expect(Date.parse(minted.expires_at) - before).toBeLessThanOrEqual(601_000);
    });

    it.each([
      ['too short an allowance', { max_streaming_seconds: 59 }],
      ['too long an allowance', { max_streaming_seconds: 86_401 }],
      ['a non-integer allowance', { max_streaming_seconds: 90.5 }],
      ['an unknown field', { max_streaming_seconds: 600, admin: true }],
      ['a user id with spaces', { max_streaming_seconds: 600, user_id: 'dj ada' }],
    ])('refuses to mint with %s (400, says why)', async (_case, body) => {
      const response = await api().post('/admin/livestream/token').set('Authorization', admin).send(body).expect(400);
      expect(response.body).toEqual(expect.objectContaining({ statusCode: 400, message: expect.any(Array) }));
    });

    it('keeps admin routes closed to the Liquidsoap token and to DJ tokens', async () => {
      const dj = await mint('rpc-dj');
      await api().get('/admin/livestream').set('Authorization', liquidsoap).expect(401);
      await api().get('/admin/livestream').set('Authorization', `Bearer ${dj.token}`).expect(401);
      await api().get('/admin/livestream').expect(401);
    });

    it('keeps the harbor auth route closed to everything but the Liquidsoap token', async () => {
      const dj = await mint('rpc-dj');
      for (const authorization of [admin, `Bearer ${dj.token}`, 'Bearer nope']) {
        await api()
          .post('/internal/livestream/auth')
          .set('Authorization', authorization)
          .send({ user: 'source', password: dj.token, address: '192.0.2.7' })
          .expect(401);
      }
      expect(await liveUser()).toBeNull();
    });

    it.each([
      ['a wrong password', () => 'hunter2', 401, /invalid token/],
      [
        'a forged signature',
        () => sign(livestreamClaims('rpc-mallory'), 'another-secret-0123456789'),
        401,
        /invalid token/,
      ],
      [
        'alg none',
        () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(livestreamClaims('rpc-mallory'))}.`,
        401,
        /invalid token/,
      ],
      [
        'an expired token',
        () => sign({ ...livestreamClaims('rpc-mallory'), iat: now() - 90, exp: now() - 30 }),
        401,
        /expired/,
      ],
      ['a user token', () => sign({ ...livestreamClaims('rpc-mallory'), type: 'user' }), 401, /not a livestream token/],
      ['an empty password', () => '', 401, /no token/],
    ])('refuses %s with a reason and takes no slot', async (_case, password, status, reason) => {
      const response = await harborAuth(password()).expect(status);
      expect(response.body).toEqual(
        expect.objectContaining({ statusCode: status, message: expect.stringMatching(reason) }),
      );
      expect(await liveUser()).toBeNull();
    });

    it.each([
      ['a JSON array', [1, 2]],
      ['missing fields', { user: 'source' }],
      ['wrong types', { user: 1, password: {}, address: null }],
    ])('refuses %s on the internal routes (400)', async (_case, body) => {
      await api().post('/internal/livestream/auth').set('Authorization', liquidsoap).send(body).expect(400);
      await api().post('/internal/livestream/connect').set('Authorization', liquidsoap).send(body).expect(400);
      expect(await liveUser()).toBeNull();
    });

    it('lets one DJ in (ffmpeg-style or bare token) and refuses a second while the first holds the slot', async () => {
      const ada = await mint('rpc-slot-ada');
      const bob = await mint('rpc-slot-bob');
      const granted = await harborAuth(ada.token).expect(200);
      expect(granted.body).toEqual(
        expect.objectContaining({ userId: 'rpc-slot-ada', remainingSeconds: expect.any(Number) }),
      );
      await harborAuth(`source:${ada.token}`, '').expect(200);
      const refused = await harborAuth(bob.token).expect(409);
      expect(refused.body.message).toMatch(/another DJ is live/);
      expect(await liveUser()).toBe('rpc-slot-ada');
      // No Liquidsoap runs in this suite: the kick says so instead of pretending (the stack e2e kicks for real).
      const kick = await api().post('/admin/livestream/kick').set('Authorization', admin).expect(503);
      expect(kick.body.message).toMatch(/Liquidsoap did not take the kick/);
    });
  });
});
