import type { Redis } from 'ioredis';

/**
 * How often the native runner restarted each station process: a Redis hash, process name → count,
 * written by the runner on every pm2 restart and read by the gateway for its metrics. It outlives
 * both. Do not rename the key without a migration.
 */
export const RUNNER_RESTARTS_KEY = 'h4k:runner:restarts';

export async function countRestart(redis: Redis, processName: string): Promise<void> {
  await redis.hincrby(RUNNER_RESTARTS_KEY, processName, 1);
}

/** Restarts per process name; malformed counts are left out. */
export async function readRestarts(redis: Redis): Promise<Map<string, number>> {
  const raw = await redis.hgetall(RUNNER_RESTARTS_KEY);
  const counts = new Map<string, number>();
  for (const [name, value] of Object.entries(raw)) {
    const count = Number(value);
    if (Number.isSafeInteger(count) && count >= 0) counts.set(name, count);
  }
  return counts;
}
