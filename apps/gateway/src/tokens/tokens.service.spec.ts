import { createHmac } from 'node:crypto';

import { type GatewayEnv, loadGatewayEnv } from '@h4k/config';
import { freePort, type OwnedProcess, startRedis } from '@h4k/testing';
import { ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

import { GatewayRedis } from '../redis/redis.module';
import { DjKeys } from './dj-keys';
import { TokenRegistry } from './token-registry';
import { TokensService } from './tokens.service';

let redis: { port: number; process: OwnedProcess };
let store: GatewayRedis;
let tokens: TokensService;
let env: GatewayEnv;

beforeAll(async () => {
  redis = await startRedis();
  env = loadGatewayEnv({
    ADMIN_API_TOKEN: 'unit-admin-token-0123456789',
    LIQUIDSOAP_TOKEN: 'unit-liquidsoap-token-0123456789',
    JWT_SECRET: 'unit-jwt-secret-0123456789',
    REDIS_PORT: String(redis.port),
  });
  store = new GatewayRedis(env);
  tokens = new TokensService(new JwtService({}), new TokenRegistry(store), new DjKeys(store), env);
}, 20_000);

afterAll(async () => {
  await store?.quit();
  await redis?.process.stop();
});

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const signed = (header: object, payload: object, secret = env.JWT_SECRET) => {
  const body = `${b64(header)}.${b64(payload)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
};
const claims = () => ({
  type: 'livestream',
  user_id: 'dj-ada',
  max_streaming_seconds: 60,
  label: null,
  iat: now(),
  exp: now() + 120,
  jti: 'x',
});

describe('TokensService', () => {
  it('mints a livestream JWT with exp = 2 × max_streaming_seconds', async () => {
    const minted = await tokens.mintLivestream('dj-ada', 600, 'Friday show');
    const verified = await tokens.verifyLivestream(minted.token);
    expect(verified).toEqual(
      expect.objectContaining({
        type: 'livestream',
        user_id: 'dj-ada',
        max_streaming_seconds: 600,
        label: 'Friday show',
      }),
    );
    expect(verified.exp - verified.iat).toBe(1200);
    expect(Math.abs(Date.parse(minted.expires_at) / 1000 - verified.exp)).toBeLessThanOrEqual(1);
  });

  it.each([
    ['a forged signature', () => signed({ alg: 'HS256', typ: 'JWT' }, claims(), 'some-other-secret-0123456789')],
    ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
    [
      'an expired token',
      () => signed({ alg: 'HS256', typ: 'JWT' }, { ...claims(), iat: now() - 300, exp: now() - 10 }),
    ],
    ['a user token', () => signed({ alg: 'HS256', typ: 'JWT' }, { ...claims(), type: 'user' })],
    ['a token without type', () => signed({ alg: 'HS256', typ: 'JWT' }, { ...claims(), type: undefined })],
    ['garbage', () => 'not-a-jwt'],
  ])('refuses %s', async (_name, token) => {
    await expect(tokens.verifyLivestream(token())).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('says why an expired token is refused', async () => {
    const expired = signed({ alg: 'HS256', typ: 'JWT' }, { ...claims(), iat: now() - 300, exp: now() - 10 });
    await expect(tokens.verifyLivestream(expired)).rejects.toThrow('token expired');
  });
});

describe('TokensService user tokens', () => {
  it('mints a user JWT with its queue limit, its own listener id and the asked lifetime', async () => {
    const minted = await tokens.mintUser(3600, 3, 10);
    const verified = await tokens.verifyUser(minted.token);
    expect(verified).toEqual(
      expect.objectContaining({ type: 'user', sub: minted.user_id, max_queue_songs: 3, max_add_requests: 10 }),
    );
    expect(verified.exp - verified.iat).toBe(3600);
    const other = await tokens.mintUser(3600, 3, null);
    expect((await tokens.verifyUser(other.token)).sub).not.toBe(verified.sub);
  });

  it('refuses a livestream token as a user token, and a user token as a livestream token', async () => {
    const dj = await tokens.mintLivestream('dj-ada', 600, null);
    await expect(tokens.verifyUser(dj.token)).rejects.toThrow('not a user token');
    const listener = await tokens.mintUser(600, 3, null);
    await expect(tokens.verifyLivestream(listener.token)).rejects.toThrow('not a livestream token');
  });
});

describe('TokensService revocation and DJ keys (real Redis)', () => {
  it('gives every listener and DJ token a jti, lists it, and refuses it once revoked', async () => {
    const registry = new TokenRegistry(store);
    const listener = await tokens.mintUser(3600, 3, null);
    const dj = await tokens.mintLivestream('dj-rev', 600, 'Late show');
    const listed = await registry.list();
    expect(listed.find((token) => token.jti === listener.jti)).toEqual({
      jti: listener.jti,
      kind: 'user',
      user_id: listener.user_id,
      label: null,
      created_at: expect.any(String),
      expires_at: listener.expires_at,
      dj_key_hint: null,
      revoked: false,
    });
    expect(listed.find((token) => token.jti === dj.jti)).toMatchObject({
      kind: 'livestream',
      user_id: 'dj-rev',
      label: 'Late show',
      dj_key_hint: dj.key.slice(0, 10),
      revoked: false,
    });

    await registry.revoke(listener.jti);
    await expect(tokens.verifyUser(listener.token)).rejects.toThrow('token revoked');
    await registry.revoke(dj.jti);
    await expect(tokens.verifyLivestream(dj.token)).rejects.toThrow('token revoked');
    await expect(tokens.verifyDjKey(dj.key)).rejects.toThrow('token revoked');
    expect(
      (await registry.list())
        .filter((token) => token.revoked)
        .map((token) => token.jti)
        .sort(),
    ).toEqual([listener.jti, dj.jti].sort());
    // The denylist entry lives as long as the token would have.
    const ttl = await store.pttl(`h4k:tokens:revoked:${dj.jti}`);
    expect(ttl).toBeGreaterThan(1_195_000);
    expect(ttl).toBeLessThanOrEqual(1_200_000);
    expect(await registry.revoke('00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('mints a short DJ key with the JWT’s claims, stored only as a hash until the JWT expires', async () => {
    const dj = await tokens.mintLivestream('dj-key', 900, null);
    expect(dj.key.length).toBeLessThanOrEqual(64);
    expect(dj.key).toMatch(/^h4kdj_[A-Za-z0-9_-]{32}$/);
    expect(dj.token.length).toBeGreaterThan(255);
    expect(await tokens.verifyDjKey(dj.key)).toEqual(await tokens.verifyLivestream(dj.token));

    const keys = await store.keys('h4k:tokens:*');
    const values = await Promise.all(
      keys.map(async (key) =>
        (await store.type(key)) === 'zset' ? (await store.zrange(key, '0', '-1')).join(' ') : store.get(key),
      ),
    );
    expect([...keys, ...values].some((text) => text?.includes(dj.key.slice(6)))).toBe(false);
    const keyEntry = keys.find(
      (key, index) => key.startsWith('h4k:tokens:dj-key:') && values[index]?.includes(`"jti":"${dj.jti}"`),
    );
    expect(keyEntry).toBeDefined();
    const ttl = await store.pttl(keyEntry ?? '');
    expect(Math.abs(ttl - (Date.parse(dj.expires_at) - Date.now()))).toBeLessThan(2_000);

    await expect(tokens.verifyDjKey(`${dj.key.slice(0, -1)}${dj.key.endsWith('A') ? 'B' : 'A'}`)).rejects.toThrow(
      'invalid DJ key',
    );
    await expect(tokens.verifyDjKey(dj.token)).rejects.toThrow('invalid DJ key');
  });

  it('fails closed when Redis is gone: no token is accepted without the revocation check', async () => {
    const minted = await tokens.mintUser(3600, 3, null);
    const gone = new GatewayRedis({ ...env, REDIS_PORT: await freePort() });
    const blind = new TokensService(new JwtService({}), new TokenRegistry(gone), new DjKeys(gone), env);
    try {
      await expect(blind.verifyUser(minted.token)).rejects.toBeInstanceOf(ServiceUnavailableException);
      await expect(blind.mintUser(3600, 3, null)).rejects.toBeInstanceOf(ServiceUnavailableException);
    } finally {
      gone.disconnect();
    }
  });
});
