import { type GatewayEnv, STATION_ENV } from '@h4k/config';
import { PATTERNS, type ServiceName } from '@h4k/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

import { FreeDisk } from '../disk/free-disk';
import { readRadioMount } from '../icecast/radio-mount';
import { NowPlayingService } from '../now-playing/now-playing.service';
import { GatewayRedis } from '../redis/redis.module';
import { READ_TIMEOUT_MS, withTimeout } from '../rpc/read-deadline';
import { Services } from '../rpc/services.module';

const HEALTH_PATTERN = {
  queue: PATTERNS.queue.health,
  downloader: PATTERNS.downloader.health,
  livestream: PATTERNS.livestream.health,
} as const satisfies Record<ServiceName, string>;

/** The dependencies each service reports, so a service that is down marks its dependencies unknown. */
const DEPENDENCIES_OF: Record<ServiceName, string[]> = {
  queue: ['mpd-user', 'mpd-fallback'],
  downloader: ['yt-dlp', 'ffmpeg', 'ffprobe'],
  livestream: ['liquidsoap'],
};

@Injectable()
export class DependencyProbes {
  constructor(
    @Inject(STATION_ENV) private readonly env: GatewayEnv,
    private readonly indicators: HealthIndicatorService,
    private readonly redis: GatewayRedis,
    private readonly services: Services,
    private readonly nowPlaying: NowPlayingService,
    private readonly freeDisk: FreeDisk,
  ) {}

  /** Down while the noise tier plays: every source is gone and the station is off air. */
  onAir(): HealthIndicatorResult {
    const check = this.indicators.check('on_air');
    const { tier } = this.nowPlaying.get();
    return tier === 'noise' ? check.down({ tier }) : check.up({ tier });
  }

  async redisUp(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('redis');
    try {
      await withTimeout(this.redis.ping());
      return check.up();
    } catch (error) {
      return check.down({ detail: messageOf(error) });
    }
  }

  /** One round trip per service: proves the service answers and returns what it sees. */
  async service(name: ServiceName): Promise<HealthIndicatorResult> {
    try {
      const health = await this.services.send(HEALTH_PATTERN[name], {}, { timeoutMs: READ_TIMEOUT_MS });
      const result: HealthIndicatorResult = { [name]: { status: 'up' } };
      for (const dependency of health.dependencies) {
        result[dependency.name] = {
          status: dependency.up ? 'up' : 'down',
          detail: dependency.detail,
        };
      }
      return result;
    } catch (error) {
      const detail = messageOf(error);
      const result: HealthIndicatorResult = {
        [name]: { status: 'down', detail },
      };
      for (const dependency of DEPENDENCIES_OF[name]) {
        result[dependency] = {
          status: 'down',
          detail: `unknown: ${name} service did not answer`,
        };
      }
      return result;
    }
  }

  /**
   * Down (the station degraded: it plays on, but takes no new songs) while the music or temp dir has
   * less free space than MIN_FREE_DISK_MB; says which and how much is left.
   */
  async disk(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('disk');
    try {
      const spaces = await this.freeDisk.read();
      const low = spaces.filter((space) => space.freeMb < this.freeDisk.minFreeMb);
      const free_mb = Object.fromEntries(spaces.map((space) => [space.dir, space.freeMb]));
      const detail = low.length
        ? `degraded: ${low.map((space) => `${space.dir} dir ${space.freeMb} MB free`).join(', ')} (< ${this.freeDisk.minFreeMb} MB): new songs refused`
        : `${spaces.map((space) => `${space.dir} dir ${space.freeMb} MB free`).join(', ')}`;
      const info = { detail, free_mb, min_free_mb: this.freeDisk.minFreeMb };
      return low.length ? check.down(info) : check.up(info);
    } catch (error) {
      return check.down({ detail: messageOf(error) });
    }
  }

  async icecast(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('icecast');
    try {
      const radio = await readRadioMount(this.env, READ_TIMEOUT_MS);
      return check.up({ detail: radio ? `/radio on air, ${radio.listeners} listeners` : '/radio not mounted' });
    } catch (error) {
      return check.down({ detail: messageOf(error) });
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
