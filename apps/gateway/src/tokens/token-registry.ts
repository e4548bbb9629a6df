import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { z } from 'zod';

import { GatewayRedis } from '../redis/redis.module';

const PREFIX = 'h4k:tokens:';
const KEYS = {
  issued: (jti: string): string => `${PREFIX}issued:${jti}`,
  /** Sorted set of jtis by expiry (ms): the listing, pruned as tokens expire. */
  index: `${PREFIX}index`,
  revoked: (jti: string): string => `${PREFIX}revoked:${jti}`,
} as const;

/** What the admin sees of a token the gateway minted (never the token itself). */
export const issuedTokenSchema = z.object({
  jti: z.string(),
  kind: z.enum(['user', 'livestream']),
  /** The listener's id (user tokens) or the DJ's id (livestream tokens). */
  user_id: z.string(),
  label: z.string().nullable(),
  created_at: z.iso.datetime(),
  expires_at: z.iso.datetime(),
  /** A livestream token's short DJ key: its first characters, so the admin can tell keys apart. */
  dj_key_hint: z.string().nullable(),
});
export type IssuedToken = z.infer<typeof issuedTokenSchema>;

/**
 * Every token minted, and the denylist of revoked ones, in Redis. Both entries expire with the token:
 * a revoked token is refused until it would have expired anyway. Redis unreachable means "cannot tell":
 * callers fail closed (503).
 */
@Injectable()
export class TokenRegistry {
  constructor(private readonly redis: GatewayRedis) {}

  async record(token: IssuedToken): Promise<void> {
    await tokenStore(() =>
      this.redis
        .multi()
        .set(KEYS.issued(token.jti), JSON.stringify(token), 'PX', msLeft(token))
        .zadd(KEYS.index, Date.parse(token.expires_at), token.jti)
        .exec(),
    );
  }

  async isRevoked(jti: string): Promise<boolean> {
    return (await tokenStore(() => this.redis.exists(KEYS.revoked(jti)))) === 1;
  }

  /** Denies the token until it expires; null if no live token has this id. Revoking twice is harmless. */
  async revoke(jti: string): Promise<IssuedToken | null> {
    const token = await this.find(jti);
    if (!token) return null;
    await tokenStore(() => this.redis.set(KEYS.revoked(jti), Date.now(), 'PX', msLeft(token)));
    return token;
  }

  async find(jti: string): Promise<IssuedToken | null> {
    const raw = await tokenStore(() => this.redis.get(KEYS.issued(jti)));
    return raw === null ? null : issuedTokenSchema.parse(JSON.parse(raw));
  }

  /** Tokens not yet expired, newest first, each with whether it was revoked. */
  async list(): Promise<(IssuedToken & { revoked: boolean })[]> {
    const jtis = await tokenStore(async () => {
      await this.redis.zremrangebyscore(KEYS.index, '-inf', String(Date.now()));
      return this.redis.zrange(KEYS.index, '0', '-1');
    });
    if (jtis.length === 0) return [];
    const [entries, revoked] = await tokenStore(() =>
      Promise.all([
        this.redis.mget(jtis.map((jti) => KEYS.issued(jti))),
        Promise.all(jtis.map((jti) => this.redis.exists(KEYS.revoked(jti)))),
      ]),
    );
    return entries
      .map((raw, index) =>
        raw === null ? null : { ...issuedTokenSchema.parse(JSON.parse(raw)), revoked: revoked[index] === 1 },
      )
      .filter((token): token is IssuedToken & { revoked: boolean } => token !== null)
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
  }
}

const storeLogger = new Logger('TokenStore');

/** A Redis call of the token store: unreachable Redis is a 503 (the caller fails closed), detail only in the log. */
export async function tokenStore<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    storeLogger.error(`Redis: ${error instanceof Error ? error.message : String(error)}`);
    throw new ServiceUnavailableException('token store unavailable');
  }
}

/** At least 1 ms: a PX of 0 is an error, and a token about to expire still needs its entry. */
function msLeft(token: Pick<IssuedToken, 'expires_at'>): number {
  return Math.max(1, Date.parse(token.expires_at) - Date.now());
}
