import { type GatewayEnv, redisConnection, STATION_ENV } from '@h4k/config';
import { ContractClient, redisTransportOptions } from '@h4k/contracts';
import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxyFactory } from '@nestjs/microservices';

/** The gateway's typed door into every microservice, over the Redis transport. */
@Injectable()
export class Services extends ContractClient implements OnApplicationShutdown {
  constructor(@Inject(STATION_ENV) env: GatewayEnv) {
    super(ClientProxyFactory.create(redisTransportOptions(redisConnection(env))), env.RPC_TIMEOUT_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

@Global()
@Module({ providers: [Services], exports: [Services] })
export class ServicesModule {}
