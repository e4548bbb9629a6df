import type { PlaybackState, Playlist } from '@h4k/contracts';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';

import { QueueRedis } from '../redis/queue-redis';

/** Do not rename: a running station keeps its holds under this key across restarts. */
const REDIS_KEY = 'h4k:queue:holds';
const LIVE = 'live';
const pausedField = (playlist: Playlist) => `paused:${playlist}`;

export type Hold = NonNullable<PlaybackState['hold']>;

/**
 * What keeps a playlist from playing: an admin's pause, and for the user queue a DJ on air.
 * MPD alone cannot tell these apart (both are "pause"), and a restarted MPD or service would
 * forget them, so they live here, in memory for the MPD event handlers and in Redis for restarts.
 */
@Injectable()
export class PlaybackHolds implements OnModuleInit {
  private readonly logger = new Logger(PlaybackHolds.name);
  private live = false;
  private readonly paused: Record<Playlist, boolean> = { user: false, fallback: false };
  private loading: Promise<void> | undefined;

  constructor(private readonly redis: QueueRedis) {}

  onModuleInit(): void {
    void this.loaded();
  }

  /** Resolves once the holds were read from Redis (tried again on the next call if that failed). */
  loaded(): Promise<void> {
    this.loading ??= this.redis
      .hgetall(REDIS_KEY)
      .then((stored) => {
        this.live = stored[LIVE] === '1';
        for (const playlist of ['user', 'fallback'] as const) {
          this.paused[playlist] = stored[pausedField(playlist)] === '1';
        }
      })
      .catch((error: unknown) => {
        this.loading = undefined;
        this.logger.warn(`could not read the playback holds from Redis, assuming none: ${String(error)}`);
      });
    return this.loading;
  }

  holdOf(playlist: Playlist): Hold | null {
    if (playlist === 'user' && this.live) return 'live';
    return this.paused[playlist] ? 'admin' : null;
  }

  async setLive(live: boolean): Promise<void> {
    await this.loaded();
    this.live = live;
    await this.persist(LIVE, live);
  }

  async setPaused(playlist: Playlist, paused: boolean): Promise<void> {
    await this.loaded();
    this.paused[playlist] = paused;
    await this.persist(pausedField(playlist), paused);
  }

  /** A failed write is logged, not thrown: the MPDs follow memory; only a restart would forget it. */
  private async persist(field: string, on: boolean): Promise<void> {
    // From the first change on, memory is the truth: a late retry of the load must not overwrite it.
    this.loading ??= Promise.resolve();
    try {
      if (on) await this.redis.hset(REDIS_KEY, field, '1');
      else await this.redis.hdel(REDIS_KEY, field);
    } catch (error) {
      this.logger.warn(`could not persist playback hold ${field}=${on}: ${String(error)}`);
    }
  }
}
