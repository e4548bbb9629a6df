import { Inject, Injectable } from '@nestjs/common';

import { MIN_GRANT_MS } from '../accounting/allowance';
import { REDIS_KEYS, USAGE_TTL_SECONDS } from '../redis/keys';
import { LivestreamRedis } from '../redis/livestream-redis';
import { LIVESTREAM_TIMINGS, type LivestreamTimings } from '../timings';
import { type PendingGrant, pendingGrantSchema } from './pending-grant';

export type ReserveOutcome = 'OK' | 'FORBIDDEN' | 'CONFLICT' | 'KICKED';
const RESERVE_OUTCOMES: readonly string[] = ['OK', 'FORBIDDEN', 'CONFLICT', 'KICKED'];
export type RenewOutcome = 'renewed' | 'held-by-another' | 'session-ended';

/** The single live slot: who holds it, under a lease that lapses unless renewed. */
@Injectable()
export class SlotStore {
  constructor(
    private readonly redis: LivestreamRedis,
    @Inject(LIVESTREAM_TIMINGS) private readonly timings: LivestreamTimings,
  ) {}

  /** Checks the user's time left and takes the slot for them, in one atomic step. */
  async reserve(grant: PendingGrant): Promise<{ outcome: ReserveOutcome; usedMs: number }> {
    const [outcome, usedMs] = await this.redis.scripts.reserveSlot(
      REDIS_KEYS.slot,
      REDIS_KEYS.pending,
      REDIS_KEYS.session,
      REDIS_KEYS.used(grant.userId),
      REDIS_KEYS.max(grant.userId),
      REDIS_KEYS.kicked(grant.userId),
      grant.userId,
      grant.maxStreamingSeconds,
      grant.authorizedAt,
      this.timings.leaseMs,
      MIN_GRANT_MS,
      USAGE_TTL_SECONDS,
      JSON.stringify(grant),
    );
    if (!isReserveOutcome(outcome)) throw new Error(`reserveSlot answered ${outcome}`);
    return { outcome, usedMs };
  }

  /** Extends the lease of the session on air; a session that already ended never gets its slot back. */
  async renew(session: { id: string; userId: string }): Promise<RenewOutcome> {
    const answer = await this.redis.scripts.renewSlot(
      REDIS_KEYS.slot,
      REDIS_KEYS.session,
      session.userId,
      session.id,
      this.timings.leaseMs,
    );
    return answer === 1 ? 'renewed' : answer === 0 ? 'held-by-another' : 'session-ended';
  }

  /** Frees the slot and the grant if they are this user's. */
  async release(userId: string): Promise<boolean> {
    return (await this.redis.scripts.releaseSlot(REDIS_KEYS.slot, REDIS_KEYS.pending, userId)) === 1;
  }

  async owner(): Promise<string | null> {
    return this.redis.get(REDIS_KEYS.slot);
  }

  async pending(): Promise<PendingGrant | null> {
    const raw = await this.redis.get(REDIS_KEYS.pending);
    return raw === null ? null : pendingGrantSchema.parse(JSON.parse(raw));
  }
}

function isReserveOutcome(answer: string): answer is ReserveOutcome {
  return RESERVE_OUTCOMES.includes(answer);
}
