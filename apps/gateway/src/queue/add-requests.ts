import { HttpException, HttpStatus, Injectable } from '@nestjs/common';

import { GatewayRedis } from '../redis/redis.module';
import type { UserClaims } from '../tokens/token-claims';

const KEY_PREFIX = 'h4k:gateway:adds:';

/** Counts one more accepted submission unless the token's allowance is spent. KEYS: counter. ARGV: max, expire-at (s). */
const TAKE = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used >= tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
redis.call('EXPIREAT', KEYS[1], ARGV[2])
return 1
`;

/** `max_add_requests` of a user token: how many songs it may ever submit (accepted ones count). */
@Injectable()
export class AddRequests {
  constructor(private readonly redis: GatewayRedis) {}

  async take(claims: UserClaims): Promise<void> {
    const max = claims.max_add_requests;
    if (max === null || max === undefined) return;
    const taken = await this.redis.eval(TAKE, 1, KEY_PREFIX + claims.sub, String(max), String(claims.exp + 60));
    if (taken !== 1) {
      throw new HttpException(
        `this token's ${max} submissions (max_add_requests) are used up`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  /** Gives one back when the submission it was taken for could not be accepted after all. */
  async giveBack(claims: UserClaims): Promise<void> {
    if (claims.max_add_requests === null || claims.max_add_requests === undefined) return;
    await this.redis.decr(KEY_PREFIX + claims.sub);
  }
}
