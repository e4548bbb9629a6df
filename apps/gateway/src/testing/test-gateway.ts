import { createHmac } from 'node:crypto';

import { GATEWAY_ENV, type GatewayEnv, loadGatewayEnv } from '@h4k/config';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { GatewayModule } from '../gateway.module';

/** The static tokens and JWT secret every gateway spec runs with. */
export const TEST_TOKENS = {
  admin: 'test-admin-token-0123456789',
  liquidsoap: 'test-liquidsoap-token-0123456789',
  jwtSecret: 'test-jwt-secret-0123456789',
} as const;

export function testGatewayEnv(redisPort: number, extra: Record<string, string> = {}): GatewayEnv {
  return loadGatewayEnv({
    ADMIN_API_TOKEN: TEST_TOKENS.admin,
    LIQUIDSOAP_TOKEN: TEST_TOKENS.liquidsoap,
    JWT_SECRET: TEST_TOKENS.jwtSecret,
    REDIS_PORT: String(redisPort),
    // Specs send many wrong tokens from one address on purpose: the lockout is limits.spec.ts's subject.
    AUTH_FAILURES_MAX: '100000',
    ...extra,
  });
}

export interface TestGatewayOptions {
  env?: Record<string, string>;
  /** Providers replaced by value, e.g. a shorter heartbeat. */
  values?: [token: string | symbol, value: unknown][];
}

/** The whole gateway module on a real Redis, not yet initialised: `init()` it for supertest or `listen()` it. */
export async function createTestGateway(
  redisPort: number,
  options: TestGatewayOptions = {},
): Promise<INestApplication> {
  let builder = Test.createTestingModule({ imports: [GatewayModule] })
    .overrideProvider(GATEWAY_ENV)
    .useValue(testGatewayEnv(redisPort, options.env));
  for (const [token, value] of options.values ?? []) builder = builder.overrideProvider(token).useValue(value);
  const moduleRef = await builder.compile();
  return moduleRef.createNestApplication({ logger: false });
}

/** An HS256 JWT of these claims, valid for ten minutes, signed with the specs' secret (or another: a forgery). */
export function testJwt(claims: object, secret: string = TEST_TOKENS.jwtSecret): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ ...claims, iat: now, exp: now + 600 })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}
