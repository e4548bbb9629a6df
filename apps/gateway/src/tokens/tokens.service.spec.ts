import { loadStationEnv } from '@h4k/config';
import { UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHmac } from 'node:crypto';
import { TokensService } from './tokens.service';

const env = loadStationEnv({
  ADMIN_API_TOKEN: 'unit-admin-token-0123456789',
  LIQUIDSOAP_TOKEN: 'unit-liquidsoap-token-0123456789',
  JWT_SECRET: 'unit-jwt-secret-0123456789',
});
const tokens = new TokensService(new JwtService({}), env);

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
