import { Injectable } from '@nestjs/common';

import { REDIS_KEYS, USAGE_TTL_SECONDS } from '../redis/keys';
import { LivestreamRedis } from '../redis/livestream-redis';

export interface StoredUsage {
  userId: string;
  /** Over closed sessions only. */
  usedMs: number;
  maxStreamingSeconds: number | null;
  /** Kicked (admin, or out of time): refused until an admin resets them. */
  kicked: boolean;
}

export type ResetOutcome = 'on-air' | 'off-air' | 'unknown';

/** Streamed time per user (ms, 30-day TTL) and the allowance of their latest token. */
@Injectable()
export class UsageStore {
  constructor(private readonly redis: LivestreamRedis) {}

  async usedMs(userId: string): Promise<number> {
    return Number((await this.redis.get(REDIS_KEYS.used(userId))) ?? 0);
  }

  /** Zeroes the user's usage; a session in progress is charged from `now` on. */
  async reset(userId: string, now: number): Promise<ResetOutcome> {
    const answer = await this.redis.scripts.resetUsage(
      REDIS_KEYS.used(userId),
      REDIS_KEYS.max(userId),
      REDIS_KEYS.session,
      REDIS_KEYS.kicked(userId),
      userId,
      now,
      USAGE_TTL_SECONDS,
    );
    return answer === 1 ? 'on-air' : answer === 0 ? 'off-air' : 'unknown';
  }

  /** A kicked DJ stays refused until an admin resets them (`reset` lifts it). */
  async markKicked(userId: string): Promise<void> {
    await this.redis.set(REDIS_KEYS.kicked(userId), Date.now(), 'EX', USAGE_TTL_SECONDS);
  }

  /** Every user with usage or a remembered allowance, sorted by id. */
  async list(): Promise<StoredUsage[]> {
    const prefixes = [REDIS_KEYS.usedPrefix, REDIS_KEYS.maxPrefix, REDIS_KEYS.kickedPrefix];
    const found = await Promise.all(prefixes.map((prefix) => this.scan(`${prefix}*`)));
    const userIds = [
      ...new Set(found.flatMap((keys, index) => keys.map((key) => key.slice(prefixes[index]?.length ?? 0)))),
    ].sort();
    if (userIds.length === 0) return [];
    const [used, max, kicked] = await Promise.all([
      this.redis.mget(userIds.map((userId) => REDIS_KEYS.used(userId))),
      this.redis.mget(userIds.map((userId) => REDIS_KEYS.max(userId))),
      this.redis.mget(userIds.map((userId) => REDIS_KEYS.kicked(userId))),
    ]);
    return userIds.map((userId, index) => {
      const maxValue = max[index];
      return {
        userId,
        usedMs: Number(used[index] ?? 0),
        maxStreamingSeconds: maxValue === null || maxValue === undefined ? null : Number(maxValue),
        kicked: kicked[index] !== null && kicked[index] !== undefined,
      };
    });
  }

  private async scan(pattern: string): Promise<string[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return keys;
  }
}
