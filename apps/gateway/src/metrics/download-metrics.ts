import { type SongEvent, subscribeToSongEvents } from '@h4k/contracts';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Counter, Histogram } from 'prom-client';

import { GatewayRedis } from '../redis/redis.module';
import { MetricsRegistry } from './metrics-registry';

const OUTCOMES = ['downloaded', 'failed', 'cancelled'] as const;
type Outcome = (typeof OUTCOMES)[number];

/** Downloads still running after this long are forgotten (their outcome still counts, without a duration). */
const FORGET_AFTER_MS = 60 * 60 * 1000;
const MAX_RUNNING = 10_000;

/**
 * Downloads by outcome and how long they took, from the song events the downloader publishes:
 * the first `downloading`/`processing` starts the clock; `ready` (downloaded), `failed`, or
 * `removed` while still running (cancelled) stops it. A song whose start this gateway did not see
 * (it started before a restart) counts its outcome without a duration.
 */
@Injectable()
export class DownloadMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DownloadMetrics.name);
  private subscriber: Redis | undefined;
  /** Song id → when its download started, oldest first. */
  private readonly running = new Map<string, number>();
  private readonly outcomes: Counter<'outcome'>;
  private readonly durations: Histogram<'outcome'>;

  constructor(
    private readonly redis: GatewayRedis,
    registry: MetricsRegistry,
  ) {
    this.outcomes = new Counter({
      name: 'h4k_downloads_total',
      help: 'Finished downloads of submitted songs, by outcome (downloaded, failed, cancelled)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.durations = new Histogram({
      name: 'h4k_download_duration_seconds',
      help: 'Seconds from the start of a download (fetch and processing) to its outcome',
      labelNames: ['outcome'],
      buckets: [1, 2, 5, 10, 20, 30, 60, 120, 300, 600],
      registers: [registry],
    });
    for (const outcome of OUTCOMES) this.outcomes.inc({ outcome }, 0);
  }

  onModuleInit(): void {
    this.subscriber = subscribeToSongEvents(this.redis, {
      onEvent: (event) => this.observe(event),
      onError: (error) => this.logger.warn(`could not subscribe to song events: ${String(error)}`),
    });
  }

  onModuleDestroy(): void {
    this.subscriber?.disconnect();
  }

  private observe(event: SongEvent): void {
    const now = Date.now();
    switch (event.status) {
      case 'downloading':
      case 'processing':
        if (!this.running.has(event.id)) this.start(event.id, now);
        return;
      case 'ready':
        return this.finish(event.id, 'downloaded', now);
      case 'failed':
        return this.finish(event.id, 'failed', now);
      case 'removed':
        if (this.running.has(event.id)) this.finish(event.id, 'cancelled', now);
        return;
      default:
        return;
    }
  }

  private start(id: string, now: number): void {
    for (const [oldId, startedAt] of this.running) {
      if (now - startedAt < FORGET_AFTER_MS && this.running.size < MAX_RUNNING) break;
      this.running.delete(oldId);
    }
    this.running.set(id, now);
  }

  private finish(id: string, outcome: Outcome, now: number): void {
    this.outcomes.inc({ outcome });
    const startedAt = this.running.get(id);
    if (startedAt === undefined) return;
    this.running.delete(id);
    this.durations.observe({ outcome }, (now - startedAt) / 1000);
  }
}
