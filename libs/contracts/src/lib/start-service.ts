import { Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { redisTransportOptions, type RedisEndpoint } from './redis-transport';

/** Boots a service module as a microservice on the Redis transport and stops it cleanly on SIGTERM/SIGINT. */
export async function startService(name: string, module: Type<unknown>, redis: RedisEndpoint): Promise<void> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, redisTransportOptions(redis));
  app.enableShutdownHooks();
  await app.listen();
  Logger.log(`${name} listening on redis ${redis.host}:${redis.port}`, 'Bootstrap');
}
