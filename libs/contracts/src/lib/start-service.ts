import {
  type DynamicModule,
  type INestApplicationContext,
  Logger,
  type LoggerService,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';

import { type RedisEndpoint, redisTransportOptions } from './redis-transport';

/**
 * Boots a service module as a microservice on the Redis transport and stops it cleanly on SIGTERM/SIGINT.
 * With `logger`, every log line (Nest's own from the first) goes through the logger it returns.
 */
export async function startService(
  name: string,
  module: Type<unknown> | DynamicModule,
  redis: RedisEndpoint,
  logger?: (app: INestApplicationContext) => LoggerService,
): Promise<void> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
    ...redisTransportOptions(redis),
    bufferLogs: logger !== undefined,
  });
  if (logger) app.useLogger(logger(app));
  app.enableShutdownHooks();
  await app.listen();
  Logger.log(`${name} listening on redis ${redis.host}:${redis.port}`, 'Bootstrap');
}
