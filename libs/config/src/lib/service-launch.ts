import type { DynamicModule, INestApplicationContext, LoggerService, Type } from '@nestjs/common';

import { structuredLogger, withStructuredLogs } from './logging';
import { type RedisConnection, redisConnection, type RedisSettings } from './redis';
import type { StationEnv } from './station-env';

/**
 * What `startService` (contracts) takes to start one of the station's microservices: its module with
 * structured logs, the Redis it talks over, and the logger. `void startService(...serviceLaunch(…))`.
 */
export function serviceLaunch(
  name: string,
  module: Type<unknown>,
  env: RedisSettings & Pick<StationEnv, 'LOG_LEVEL'> & Partial<Pick<StationEnv, 'LOG_PRETTY'>>,
): [string, DynamicModule, RedisConnection, (app: INestApplicationContext) => LoggerService] {
  return [name, withStructuredLogs(name, module, env), redisConnection(env), structuredLogger];
}
