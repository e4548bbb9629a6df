import { type GatewayEnv, STATION_ENV } from '@h4k/config';
import { PATTERNS, readRestarts } from '@h4k/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';

import { stationListeners } from '../icecast/listeners';
import { GatewayRedis } from '../redis/redis.module';
import { READ_TIMEOUT_MS } from '../rpc/read-deadline';
import { Services } from '../rpc/services.module';
import { CachedReading } from './cached-reading';
import { MetricsRegistry } from './metrics-registry';

/** Scrapes within this long of each other share one read of Icecast and of each service. */
const READING_TTL_MS = 5000;

/**
 * Metrics read at scrape time from the parts that own them: listeners from Icecast, the user
 * queue from the queue service, the live slot from the livestream service, restarts from the
 * runner's hash in Redis. A source that does not answer reads as NaN (unknown).
 */
@Injectable()
export class StationReadings {
  constructor(
    @Inject(STATION_ENV) private readonly env: GatewayEnv,
    private readonly services: Services,
    private readonly redis: GatewayRedis,
    registry: MetricsRegistry,
  ) {
    const listeners = new CachedReading(READING_TTL_MS, () => this.radioListeners());
    const queueDepth = new CachedReading(READING_TTL_MS, () => this.userQueueLength());
    const liveRemaining = new CachedReading(READING_TTL_MS, () => this.liveSecondsRemaining());
    gauge(
      registry,
      'h4k_listeners',
      "Listeners of the station's streams, on this Icecast and its relays (RELAY_STATUS_URLS)",
      listeners,
    );
    gauge(registry, 'h4k_queue_depth', "Songs in the listeners' queue, the one playing included", queueDepth);
    gauge(
      registry,
      'h4k_live_seconds_remaining',
      "Seconds left of the live DJ's allowance (0 when nobody is live)",
      liveRemaining,
    );
    const restarts: Counter<'process'> = new Counter({
      name: 'h4k_process_restarts_total',
      help: 'Restarts of each station process by the native runner (pm2), since the station Redis was created',
      labelNames: ['process'],
      registers: [registry],
      collect: async () => {
        const counts = await readRestarts(this.redis).catch(() => new Map<string, number>());
        restarts.reset();
        for (const [name, count] of counts) restarts.inc({ process: name }, count);
      },
    });
  }

  private radioListeners(): Promise<number> {
    return stationListeners(this.env, READ_TIMEOUT_MS);
  }

  private async userQueueLength(): Promise<number> {
    const { songs } = await this.services.send(PATTERNS.queue.list, {}, { timeoutMs: READ_TIMEOUT_MS });
    return songs.filter((song) => song.tier === 'user').length;
  }

  private async liveSecondsRemaining(): Promise<number> {
    const { live } = await this.services.send(PATTERNS.livestream.status, {}, { timeoutMs: READ_TIMEOUT_MS });
    return live?.remainingSeconds ?? 0;
  }
}

function gauge(registry: MetricsRegistry, name: string, help: string, reading: CachedReading): void {
  const metric: Gauge = new Gauge({
    name,
    help,
    registers: [registry],
    collect: async () => metric.set(await reading.value()),
  });
}
