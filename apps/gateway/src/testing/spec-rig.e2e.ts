import { type OwnedProcess, startRedis } from '@h4k/testing';
import type { INestApplication, INestMicroservice, Type } from '@nestjs/common';
import request from 'supertest';

import type { DjToken } from '../livestream/livestream.dto';
import { startServiceStandIn } from './service-stand-in';
import { createTestGateway, TEST_TOKENS, type TestGatewayOptions } from './test-gateway';

export interface GatewayOptions extends TestGatewayOptions {
  /** Listen on this port (0: any free one) on 127.0.0.1 instead of only `init()` for supertest. */
  listenPort?: number;
}

/**
 * The real parts of one describe block. Call it first in the block: its Redis starts before the
 * block's own `beforeAll`, and what the rig started is closed after the tests, last first, then
 * Redis stops.
 */
export class SpecRig {
  private started: { port: number; process: OwnedProcess } | undefined;
  private readonly cleanups: (() => unknown)[] = [];

  constructor() {
    beforeAll(async () => {
      this.started = await startRedis();
    }, 30_000);
    afterAll(async () => {
      for (const cleanup of this.cleanups.splice(0).reverse()) await cleanup();
      await this.started?.process.stop();
    });
  }

  get redis(): { port: number; process: OwnedProcess } {
    if (!this.started) throw new Error('the spec rig starts Redis in beforeAll: use it from a hook or a test');
    return this.started;
  }

  /** Runs once the tests are done, before what was started earlier is closed. */
  onClose(cleanup: () => unknown): void {
    this.cleanups.push(cleanup);
  }

  /** Stand-ins for microservices on the rig's Redis transport. */
  async standIn(controllers: Type[]): Promise<INestMicroservice> {
    const service = await startServiceStandIn(this.redis.port, controllers);
    this.onClose(() => service.close());
    return service;
  }

  /** The whole gateway on the rig's Redis, ready for supertest (or listening, with `listenPort`). */
  async gateway(options: GatewayOptions = {}): Promise<INestApplication> {
    const app = await createTestGateway(this.redis.port, options);
    this.onClose(() => app.close());
    if (options.listenPort === undefined) await app.init();
    else await app.listen(options.listenPort, '127.0.0.1');
    return app;
  }
}

/** Reports what plays as Liquidsoap does; the gateway answers 204. */
export function reportNowPlaying(app: INestApplication, body: object): request.Test {
  return request(app.getHttpServer())
    .post('/internal/now-playing')
    .set('Authorization', `Bearer ${TEST_TOKENS.liquidsoap}`)
    .send(body)
    .expect(204);
}

/** Mints a DJ token and key as an admin does; the gateway answers 201. */
export async function mintDjToken(
  app: INestApplication,
  body: { user_id: string; max_streaming_seconds: number; label?: string },
): Promise<DjToken> {
  const minted = await request(app.getHttpServer())
    .post('/admin/livestream/token')
    .set('Authorization', `Bearer ${TEST_TOKENS.admin}`)
    .send(body)
    .expect(201);
  return minted.body as DjToken;
}
