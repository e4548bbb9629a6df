import { type GatewayEnv, STATION_ENV } from '@h4k/config';
import { Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';

import { GatewayRedis } from '../redis/redis.module';
import { TooManyRequestsError } from './too-many-requests.error';

/**
 * Separate counters, so guessing one kind of credential never locks out another caller on the same
 * address: `api` (admin and listener tokens), `liquidsoap` (the internal callbacks' token, loopback
 * only), `harbor` (DJ passwords, counted per DJ address as Liquidsoap reports it).
 */
export type AuthScope = 'api' | 'liquidsoap' | 'harbor';

const KEY_PREFIX = 'h4k:gateway:auth-failures:';

/**
 * Records one refused credential, atomically with the block check, so parallel guesses get exactly
 * `max` answers before the block. KEYS: counter, block. ARGV: max, window ms, block ms.
 * Returns {0, 0} (counted), {1, ms left} (already blocked) or {2, ms} (blocked by this failure).
 */
const RECORD_FAILURE = `
local left = redis.call('PTTL', KEYS[2])
if left > 0 then return {1, left} end
local failures = redis.call('INCR', KEYS[1])
if failures == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if failures > tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return {2, tonumber(ARGV[3])}
end
return {0, 0}
`;

/**
 * Refused credentials per address, in Redis (shared by every gateway). Only failures count, so a
 * caller whose tokens are right is never slowed, however many requests it sends at once. Once an
 * address passes the maximum it is blocked: every credential from it, right or wrong, is answered
 * 429 before it is looked at (no JWT work, no RPC) until the block ends.
 */
@Injectable()
export class AuthFailures {
  private readonly logger = new Logger(AuthFailures.name);

  constructor(
    private readonly redis: GatewayRedis,
    @Inject(STATION_ENV) private readonly env: GatewayEnv,
  ) {}

  /** Runs `verify` unless the address is blocked; an UnauthorizedException from it counts as a failure. */
  async check<T>(scope: AuthScope, address: string, verify: () => T | Promise<T>): Promise<T> {
    const keys = keysOf(scope, address);
    const blockedMs = await this.redis.pttl(keys.block).catch((error: unknown) => {
      // Redis down: the credential is still checked; only the count is missing for a while.
      this.logger.warn(`could not read the ${scope} block of ${address}: ${String(error)}`);
      return 0;
    });
    if (blockedMs > 0) throw blocked(blockedMs);
    try {
      return await verify();
    } catch (error) {
      if (error instanceof UnauthorizedException) await this.recordFailure(scope, address, keys);
      throw error;
    }
  }

  /** For routes that answer either way (e.g. /health): a false `test` counts as a refused credential. */
  async holds(scope: AuthScope, address: string, test: () => boolean): Promise<boolean> {
    try {
      await this.check(scope, address, () => {
        if (!test()) throw new UnauthorizedException();
      });
      return true;
    } catch (error) {
      if (error instanceof UnauthorizedException) return false;
      throw error;
    }
  }

  /** Counts the failure; throws the 429 instead of the 401 when the address is (now) blocked. */
  private async recordFailure(
    scope: AuthScope,
    address: string,
    keys: { counter: string; block: string },
  ): Promise<void> {
    let outcome: [number, number];
    try {
      outcome = (await this.redis.eval(
        RECORD_FAILURE,
        2,
        keys.counter,
        keys.block,
        String(this.env.AUTH_FAILURES_MAX),
        String(this.env.AUTH_FAILURE_WINDOW_SECONDS * 1000),
        String(this.env.AUTH_BLOCK_SECONDS * 1000),
      )) as [number, number];
    } catch (error) {
      this.logger.warn(`could not count a refused ${scope} credential from ${address}: ${String(error)}`);
      return;
    }
    const [state, leftMs] = outcome;
    if (state === 0) return;
    if (state === 2) {
      this.logger.warn(
        `${address}: more than ${this.env.AUTH_FAILURES_MAX} refused ${scope} credentials, blocked for ${this.env.AUTH_BLOCK_SECONDS} s`,
      );
    }
    throw blocked(leftMs);
  }
}

function blocked(leftMs: number): TooManyRequestsError {
  const seconds = Math.max(1, Math.ceil(leftMs / 1000));
  return new TooManyRequestsError(`too many refused credentials from this address: try again in ${seconds} s`, seconds);
}

function keysOf(scope: AuthScope, address: string): { counter: string; block: string } {
  const base = `${KEY_PREFIX}${scope}:${address}`;
  return { counter: `${base}:count`, block: `${base}:blocked` };
}
