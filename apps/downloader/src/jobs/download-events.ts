import { STATION_ENV, type StationEnv } from '@h4k/config';
import { DOWNLOAD_EVENTS_CHANNEL, type DownloadEvent } from '@h4k/contracts';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';

/** Publishes job progress on the contract's pub/sub channel, where the gateway turns it into SSE. */
@Injectable()
export class DownloadEvents implements OnModuleDestroy {
  private readonly logger = new Logger(DownloadEvents.name);
  private readonly redis: Redis;

  constructor(@Inject(STATION_ENV) env: StationEnv) {
    this.redis = new Redis({ host: env.REDIS_HOST, port: env.REDIS_PORT, lazyConnect: true, maxRetriesPerRequest: 3 });
  }

  async publish(event: DownloadEvent): Promise<void> {
    try {
      await this.redis.publish(DOWNLOAD_EVENTS_CHANNEL, JSON.stringify(event));
    } catch (error) {
      // Progress is advisory: a Redis blip must not fail the song.
      this.logger.warn(`could not publish ${event.status} for ${event.id}: ${String(error)}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}
