import { ContractPayloadPipe, PATTERNS, type PlaybackState, type QueuePlayback, rpcError } from '@h4k/contracts';
import { Controller, type INestApplication, type INestMicroservice } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import request from 'supertest';

import { startServiceStandIn } from '../testing/service-stand-in';
import { SpecRig } from '../testing/spec-rig.e2e';
import { TEST_TOKENS, testJwt } from '../testing/test-gateway';

const ADMIN_TOKEN = TEST_TOKENS.admin;

/** Stands in for the queue service on the real Redis transport: records calls, answers like it would. */
@Controller()
class QueueStandIn {
  static calls: QueuePlayback[] = [];
  static unavailable = false;

  @MessagePattern(PATTERNS.queue.playback)
  playback(@Payload(new ContractPayloadPipe(PATTERNS.queue.playback)) request: QueuePlayback): PlaybackState {
    if (QueueStandIn.unavailable) throw rpcError('UNAVAILABLE', 'the user MPD is not connected: ECONNREFUSED');
    QueueStandIn.calls.push(request);
    return {
      playlist: request.playlist,
      state: request.action === 'pause' ? 'pause' : 'play',
      title: 'Tone 440',
      artist: null,
      queued: 3,
      hold: request.action === 'pause' ? 'admin' : null,
    };
  }

  @MessagePattern(PATTERNS.queue.setupAutoplay)
  setupAutoplay(): PlaybackState {
    return { playlist: 'fallback', state: 'play', title: 'Tone 330', artist: null, queued: 12, hold: null };
  }
}

describe('admin playback routes', () => {
  const rig = new SpecRig();
  let gateway: INestApplication;
  let queue: INestMicroservice | undefined;

  const post = (path: string, token: string | null = ADMIN_TOKEN) => {
    const call = request(gateway.getHttpServer()).post(path);
    return token === null ? call : call.set('Authorization', `Bearer ${token}`);
  };

  beforeAll(async () => {
    queue = await startServiceStandIn(rig.redis.port, [QueueStandIn]);
    rig.onClose(() => queue?.close());
    gateway = await rig.gateway({ env: { RPC_TIMEOUT_MS: '1000' } });
  }, 30_000);

  beforeEach(() => {
    QueueStandIn.calls = [];
    QueueStandIn.unavailable = false;
  });

  it.each([
    ['play', 'user'],
    ['pause', 'fallback'],
    ['resume', 'user'],
    ['skip', 'fallback'],
  ] as const)(
    'POST /admin/%s?playlist=%s goes to the queue service over Redis and answers its state',
    async (action, playlist) => {
      const response = await post(`/admin/${action}?playlist=${playlist}`).expect(200);
      expect(QueueStandIn.calls).toEqual([{ playlist, action }]);
      expect(response.body).toEqual({
        playlist,
        state: action === 'pause' ? 'pause' : 'play',
        title: 'Tone 440',
        artist: null,
        queued: 3,
        hold: action === 'pause' ? 'admin' : null,
      });
    },
  );

  it('POST /admin/setup-autoplay answers the fallback state', async () => {
    const response = await post('/admin/setup-autoplay').expect(200);
    expect(response.body).toEqual(expect.objectContaining({ playlist: 'fallback', state: 'play', queued: 12 }));
  });

  it.each([['/admin/play?playlist=jukebox'], ['/admin/skip'], ['/admin/pause?playlist=']])(
    '%s: 400 with the reason, nothing sent to the queue service',
    async (path) => {
      const response = await post(path).expect(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: [expect.stringMatching(/^playlist: /)],
      });
      expect(QueueStandIn.calls).toEqual([]);
    },
  );

  it.each([
    ['no token', null],
    ['the Liquidsoap token', TEST_TOKENS.liquidsoap],
    ['a livestream JWT', testJwt({ type: 'livestream', user_id: 'dj-ada', max_streaming_seconds: 600, jti: 'x' })],
    ['a wrong admin token', `${ADMIN_TOKEN}x`],
  ])('refuses %s with 401, before looking at the query', async (_name, token) => {
    for (const path of ['/admin/play?playlist=user', '/admin/pause?playlist=jukebox', '/admin/setup-autoplay']) {
      const response = await post(path, token).expect(401);
      expect(response.body).toEqual(expect.objectContaining({ statusCode: 401, error: 'Unauthorized' }));
    }
    const basic = await request(gateway.getHttpServer())
      .post('/admin/skip?playlist=user')
      .set('Authorization', `Basic ${Buffer.from(`source:${ADMIN_TOKEN}`).toString('base64')}`)
      .expect(401);
    expect(basic.body.message).toMatch(/Bearer/);
    expect(QueueStandIn.calls).toEqual([]);
  });

  it("maps the queue service's UNAVAILABLE to 503 with its message", async () => {
    QueueStandIn.unavailable = true;
    const response = await post('/admin/play?playlist=user').expect(503);
    expect(response.body.message).toBe('the user MPD is not connected: ECONNREFUSED');
  });

  it('answers 504 within the RPC deadline when the queue service is gone', async () => {
    await queue?.close();
    queue = undefined;
    const started = Date.now();
    await post('/admin/resume?playlist=fallback').expect(504);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
