import { Inject, Injectable } from '@nestjs/common';

import { REDIS_KEYS, USAGE_TTL_SECONDS } from '../redis/keys';
import { LivestreamRedis } from '../redis/livestream-redis';
import { LIVESTREAM_TIMINGS, type LivestreamTimings } from '../timings';
import { type StoredSession, storedSessionSchema } from './stored-session';

/** The session on air, persisted so a restarted service can rebuild its timers and accounting. */
@Injectable()
export class SessionStore {
  constructor(
    private readonly redis: LivestreamRedis,
    @Inject(LIVESTREAM_TIMINGS) private readonly timings: LivestreamTimings,
  ) {}

  async current(): Promise<StoredSession | null> {
    const raw = await this.redis.get(REDIS_KEYS.session);
    return raw === null ? null : storedSessionSchema.parse(JSON.parse(raw));
  }

  /** Turns the user's pending grant into this session; false if the grant lapsed or the slot is someone else's. */
  async start(session: StoredSession): Promise<boolean> {
    const started = await this.redis.scripts.startSession(
      REDIS_KEYS.slot,
      REDIS_KEYS.pending,
      REDIS_KEYS.session,
      session.userId,
      JSON.stringify(session),
      this.timings.leaseMs,
    );
    return started === 1;
  }

  /** Charges the session up to `chargeUntil` and clears it; null if it had already ended. */
  async end(session: StoredSession, chargeUntil: number): Promise<number | null> {
    const charged = await this.redis.scripts.endSession(
      REDIS_KEYS.session,
      REDIS_KEYS.slot,
      REDIS_KEYS.pending,
      REDIS_KEYS.used(session.userId),
      session.userId,
      session.id,
      Math.round(chargeUntil),
      USAGE_TTL_SECONDS,
    );
    return charged < 0 ? null : charged;
  }
}
