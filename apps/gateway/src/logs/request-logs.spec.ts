import { GATEWAY_ENV, structuredLogger, withStructuredLogs } from '@h4k/config';
import { eventually } from '@h4k/testing';
import { type INestApplication, Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';

import { GatewayModule } from '../gateway.module';
import { SpecRig } from '../testing/spec-rig.e2e';
import { TEST_TOKENS, testGatewayEnv } from '../testing/test-gateway';

/** The gateway as main.ts boots it (pino, request logging), its lines captured instead of printed. */
describe('gateway logs (pino, JSON lines)', () => {
  const rig = new SpecRig();
  let app: INestApplication;
  let output = '';
  const lines = (): Record<string, unknown>[] =>
    output
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  /** The line written once a request is answered (lines logged while it runs carry its `req` too). */
  const requestLine = (path: string) =>
    lines().find(
      (line) =>
        'res' in line &&
        new URL(String((line['req'] as { url?: string } | undefined)?.url), 'http://x').pathname === path,
    );

  beforeAll(async () => {
    const destination = { write: (chunk: string) => void (output += chunk) };
    const moduleRef = await Test.createTestingModule({
      imports: [withStructuredLogs('gateway', GatewayModule, { LOG_LEVEL: 'log' }, { http: true, destination })],
    })
      .overrideProvider(GATEWAY_ENV)
      .useValue(testGatewayEnv(rig.redis.port, { RPC_TIMEOUT_MS: '500' }))
      .compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    app.useLogger(structuredLogger(app));
    rig.onClose(() => app.close());
    await app.init();
  }, 30_000);

  it('writes one JSON object per line with level, time and service, no colours', async () => {
    new Logger('Spec').log('hello from a service');
    await request(app.getHttpServer()).get('/queue');
    await eventually('the request line of GET /queue', () => requestLine('/queue') !== undefined);
    expect(output).not.toContain('\u001b[');
    for (const line of lines()) {
      expect(line).toEqual(
        expect.objectContaining({
          level: expect.stringMatching(/^(trace|debug|info|warn|error|fatal)$/),
          time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          service: 'gateway',
        }),
      );
    }
    expect(lines()).toContainEqual(
      expect.objectContaining({ level: 'info', context: 'Spec', msg: 'hello from a service' }),
    );
    expect(requestLine('/queue')).toEqual(
      expect.objectContaining({
        req: expect.objectContaining({ method: 'GET', url: '/queue' }),
        res: { statusCode: expect.any(Number) },
        responseTime: expect.any(Number),
      }),
    );
  });

  it('logs requests without their credentials: no Authorization header, no ?token= or DJ key values', async () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFrIn0.c2VjcmV0LXNpZ25hdHVyZQ';
    const djKey = 'h4kdj_AAAAbbbbCCCCddddEEEEffffGGGGhhhh';
    const server = app.getHttpServer();
    await request(server).get(`/queue/events?token=${jwt}&since=1`);
    await request(server).get(`/now-playing?key=${djKey}`);
    await request(server).get('/health').set('Authorization', `Bearer ${TEST_TOKENS.admin}`);
    await request(server).get('/queue/mine').set('Authorization', `Bearer ${jwt}`);
    await eventually('the request line of GET /queue/mine', () => requestLine('/queue/mine') !== undefined);

    expect(requestLine('/queue/events')).toEqual(
      expect.objectContaining({
        level: 'warn',
        req: expect.objectContaining({ url: '/queue/events?token=[redacted]&since=1' }),
        res: { statusCode: 401 },
      }),
    );
    expect(requestLine('/now-playing')).toEqual(
      expect.objectContaining({ req: expect.objectContaining({ url: '/now-playing?key=[redacted]' }) }),
    );
    for (const secret of [jwt, djKey, TEST_TOKENS.admin, 'Bearer']) expect(output).not.toContain(secret);
  });
});
