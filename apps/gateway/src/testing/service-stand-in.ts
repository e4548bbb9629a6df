import { redisTransportOptions, RpcErrorFilter } from '@h4k/contracts';
import type { INestMicroservice, Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';

/** Controllers standing in for a microservice on the real Redis transport, listening once this resolves. */
export async function startServiceStandIn(redisPort: number, controllers: Type[]): Promise<INestMicroservice> {
  const moduleRef = await Test.createTestingModule({
    controllers,
    providers: [{ provide: APP_FILTER, useClass: RpcErrorFilter }],
  }).compile();
  const service = moduleRef.createNestMicroservice<MicroserviceOptions>(
    redisTransportOptions({ host: '127.0.0.1', port: redisPort }),
  );
  await service.listen();
  return service;
}
