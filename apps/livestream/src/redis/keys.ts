/**
 * Every Redis key this service touches. User ids cannot contain ':' (contract regex), so
 * `used:<id>` and `max:<id>` never collide and a SCAN on the prefix finds exactly the users.
 */
const PREFIX = 'h4k:livestream:';

export const REDIS_KEYS = {
  /** Owner's userId; PX lease renewed while the DJ is on air. */
  slot: `${PREFIX}slot`,
  /** JSON PendingGrant between authorize and connect; same lease as the slot. */
  pending: `${PREFIX}pending`,
  /** JSON StoredSession of the DJ on air; no TTL: only a disconnect or reconciliation may clear it. */
  session: `${PREFIX}session`,
  /** Milliseconds streamed by a user over closed sessions; 30-day TTL. */
  used: (userId: string): string => `${PREFIX}used:${userId}`,
  /** maxStreamingSeconds of the user's latest token; 30-day TTL. */
  max: (userId: string): string => `${PREFIX}max:${userId}`,
  /** Set when a DJ is kicked (admin, or out of time): refused until an admin resets them; 30-day TTL. */
  kicked: (userId: string): string => `${PREFIX}kicked:${userId}`,
  usedPrefix: `${PREFIX}used:`,
  maxPrefix: `${PREFIX}max:`,
  kickedPrefix: `${PREFIX}kicked:`,
} as const;

/** Usage and the latest allowance are remembered this long after the last write. */
export const USAGE_TTL_SECONDS = 30 * 24 * 3600;
