import { type SongEvent, subscribeToSongEvents } from '@h4k/contracts';
import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { GatewayRedis } from '../redis/redis.module';
import { StationEvents } from './station-events';

/**
 * `song.submitted` and `song.failed` from the song events every service already publishes: the
 * gateway's own "downloading 0 %" when it accepts a song, the downloader's or queue's `failed`.
 * The song's id keys both, so a repeated event is one delivery. No owner or path leaves.
 */
@Injectable()
export class SongEventRelay implements OnModuleInit, OnModuleDestroy {
  private subscriber: Redis | undefined;

  constructor(
    private readonly redis: GatewayRedis,
    private readonly events: StationEvents,
  ) {}

  onModuleInit(): void {
    this.subscriber = subscribeToSongEvents(this.redis, { onEvent: (event) => this.relay(event) });
  }

  onModuleDestroy(): void {
    this.subscriber?.disconnect();
  }

  private relay(event: SongEvent): void {
    const target = event.target ?? null;
    if (event.status === 'downloading' && (event.percent ?? 0) === 0) {
      this.events.emit('song.submitted', { id: event.id, target }, event.id);
    } else if (event.status === 'failed') {
      this.events.emit('song.failed', { id: event.id, target, reason: event.reason ?? null }, event.id);
    }
  }
}
