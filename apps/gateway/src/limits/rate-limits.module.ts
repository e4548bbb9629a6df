import { type GatewayEnv, STATION_ENV } from '@h4k/config';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { Request } from 'express';

import { GatewayRedis } from '../redis/redis.module';
import { AuthFailures } from './auth-failures';
import { clientAddressOf } from './client-address';
import { EventStreamSlotGuard, EventStreamSlots } from './event-stream-slots';
import { HarborAuthFailures } from './harbor-auth-failures';
import { TrustedProxies } from './trusted-proxies';

/**
 * Every per-address limit of the gateway: a request ceiling per route (in Redis, shared by all
 * gateways; public read-only routes opt out with @SkipThrottle), refused-credential lockouts, open
 * event streams and, through the settings, the upload stall timeout.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [STATION_ENV, GatewayRedis],
      useFactory: (env: GatewayEnv, redis: GatewayRedis) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: env.RATE_LIMIT_PER_MINUTE }],
        storage: new ThrottlerStorageRedisService(redis),
        getTracker: (request) => clientAddressOf(request as Request),
        generateKey: (context, tracker, name) =>
          `h4k:gateway:rate:${name}:${context.getClass().name}.${context.getHandler().name}:${tracker}`,
        errorMessage: `too many requests from this address: at most ${env.RATE_LIMIT_PER_MINUTE} a minute on this route`,
      }),
    }),
  ],
  providers: [
    TrustedProxies,
    AuthFailures,
    HarborAuthFailures,
    EventStreamSlots,
    EventStreamSlotGuard,
    { provide: APP_GUARD, useClass: ThrottlerGuard },
  ],
  exports: [AuthFailures, HarborAuthFailures, EventStreamSlots, EventStreamSlotGuard],
})
export class RateLimitsModule {}
