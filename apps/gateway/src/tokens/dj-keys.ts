import { createHash, randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { GatewayRedis } from '../redis/redis.module';
import { type LivestreamClaims, livestreamClaimsSchema } from './token-claims';
import { tokenStore } from './token-registry';

/**
 * A DJ key: a short random password for encoders that refuse a JWT (ezstream stops at 255 characters,
 * a DJ JWT is ~290). 24 random bytes (192 bits) behind a recognisable prefix: 38 characters. Only its
 * SHA-256 is stored (a slow hash buys nothing against 192 random bits), with the claims of the JWT it
 * was minted with, until that JWT expires.
 */
const PREFIX = 'h4kdj_';
export const DJ_KEY_PATTERN = /^h4kdj_[A-Za-z0-9_-]{32}$/;
const redisKey = (key: string): string => `h4k:tokens:dj-key:${createHash('sha256').update(key).digest('hex')}`;

/** The first characters of a key: enough to tell keys apart in a list, useless to an attacker. */
export function djKeyHint(key: string): string {
  return key.slice(0, PREFIX.length + 4);
}

@Injectable()
export class DjKeys {
  constructor(private readonly redis: GatewayRedis) {}

  async issue(claims: LivestreamClaims): Promise<string> {
    const key = PREFIX + randomBytes(24).toString('base64url');
    const ttlMs = Math.max(1, claims.exp * 1000 - Date.now());
    await tokenStore(() => this.redis.set(redisKey(key), JSON.stringify(claims), 'PX', ttlMs));
    return key;
  }

  /** The claims the key was minted with; null for an unknown or expired key. */
  async claimsOf(key: string): Promise<LivestreamClaims | null> {
    if (!DJ_KEY_PATTERN.test(key)) return null;
    const raw = await tokenStore(() => this.redis.get(redisKey(key)));
    if (raw === null) return null;
    const claims = livestreamClaimsSchema.safeParse(JSON.parse(raw));
    return claims.success ? claims.data : null;
  }
}
