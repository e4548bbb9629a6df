import { type DownloaderEnv, quietRedis, redisConnection, STATION_ENV } from '@h4k/config';
import { publishSongEvent, type SongEvent } from '@h4k/contracts';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';

/** Publishes job progress as song events: the queue service reacts to `ready`/`failed`, the gateway turns them into SSE. */
@Injectable()
export class DownloadEvents implements OnModuleDestroy {
  private readonly logger = new Logger(DownloadEvents.name);
  private readonly redis: Redis;

  constructor(@Inject(STATION_ENV) env: DownloaderEnv) {
    this.redis = quietRedis(
      new Redis({ ...redisConnection(env), lazyConnect: true, maxRetriesPerRequest: 3 }),
      'song events',
      this.logger,
    );
  }

  /** False when the song was removed meanwhile (its status is final): the event was dropped. */
  async publish(event: SongEvent): Promise<boolean> {
    try {
      return await publishSongEvent(this.redis, event);
    } catch (error) {
      // Progress is advisory: a Redis blip must not fail the song.
      this.logger.warn(`could not publish ${event.status} for ${event.id}: ${String(error)}`);
      return true;
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}
