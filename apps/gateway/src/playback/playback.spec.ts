import { TEST_TOKENS, createTestGateway } from '../testing/test-gateway';
import {
  ContractPayloadPipe,
  PATTERNS,
  RpcErrorFilter,
  redisTransportOptions,
  rpcError,
  type PlaybackState,
  type QueuePlayback,
} from '@h4k/contracts';
import { startRedis, type OwnedProcess } from '@h4k/testing';
import { Controller, type INestApplication, type INestMicroservice } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { MessagePattern, Payload, type MicroserviceOptions } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { createHmac } from 'node:crypto';
import request from 'supertest';

const ADMIN_TOKEN = TEST_TOKENS.admin;
const LIQUIDSOAP_TOKEN = TEST_TOKENS.liquidsoap;
const JWT_SECRET = TEST_TOKENS.jwtSecret;

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

/** An HS256 JWT signed with the station's secret: a valid token, but not an admin token. */
function livestreamJwt(): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({
    type: 'livestream',
    user_id: 'dj-ada',
    max_streaming_seconds: 600,
    iat: now,
    exp: now + 600,
    jti: 'x',
  })}`;
  return `${body}.${createHmac('sha256', JWT_SECRET).update(body).digest('base64url')}`;
}

describe('admin playback routes', () => {
  let redis: { port: number; process: OwnedProcess };
  let gateway: INestApplication;
  let queue: INestMicroservice | undefined;

  const startQueueStandIn = async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [QueueStandIn],
      providers: [{ provide: APP_FILTER, useClass: RpcErrorFilter }],
    }).compile();
    queue = moduleRef.createNestMicroservice<MicroserviceOptions>(
      redisTransportOptions({ host: '127.0.0.1', port: redis.port }),
    );
    await queue.listen();
  };
  const post = (path: string, token: string | null = ADMIN_TOKEN) => {
    const call = request(gateway.getHttpServer()).post(path);
    return token === null ? call : call.set('Authorization', `Bearer ${token}`);
  };

  beforeAll(async () => {
    redis = await startRedis();
    await startQueueStandIn();
    gateway = await createTestGateway(redis.port, { env: { RPC_TIMEOUT_MS: '1000' } });
    await gateway.init();
  }, 30_000);

  beforeEach(() => {
    QueueStandIn.calls = [];
    QueueStandIn.unavailable = false;
  });

  afterAll(async () => {
    await gateway?.close();
    await queue?.close();
    await redis?.process.stop();
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
    ['the Liquidsoap token', LIQUIDSOAP_TOKEN],
    ['a livestream JWT', livestreamJwt()],
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
