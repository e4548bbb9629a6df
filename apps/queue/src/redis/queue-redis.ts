import { type QueueEnv, quietRedis, redisConnection, STATION_ENV } from '@h4k/config';
import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

/** This service's own Redis connection for its state (the transport's connection is not for data). */
@Injectable()
export class QueueRedis extends Redis implements OnApplicationShutdown {
  constructor(@Inject(STATION_ENV) env: QueueEnv) {
    super({ ...redisConnection(env), maxRetriesPerRequest: 1 });
    quietRedis(this, 'queue state');
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.status === 'end') return;
    // QUIT lets Redis close the socket; a bare disconnect() leaves a 2 s close timer behind.
    await this.quit().catch(() => this.disconnect());
  }
}

@Module({ providers: [QueueRedis], exports: [QueueRedis] })
export class QueueRedisModule {}
