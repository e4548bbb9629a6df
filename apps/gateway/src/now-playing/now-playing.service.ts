import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { GatewayRedis } from '../redis/redis.module';
import { nowPlayingSchema, type NowPlaying, type NowPlayingReportDto } from './now-playing.dto';

const REDIS_KEY = 'h4k:now-playing';

export interface LiveShow {
  name: string | null;
  description: string | null;
}

/** What is on air, kept in memory (served per request) and in Redis (survives a gateway restart). */
@Injectable()
export class NowPlayingService implements OnModuleInit {
  private readonly logger = new Logger(NowPlayingService.name);
  private liveShow: LiveShow | null = null;
  private current: NowPlaying = {
    tier: 'noise',
    title: null,
    artist: null,
    submitter: null,
    since: new Date().toISOString(),
  };

  constructor(private readonly redis: GatewayRedis) {}

  async onModuleInit(): Promise<void> {
    try {
      const stored = await this.redis.get(REDIS_KEY);
      const parsed = stored ? nowPlayingSchema.safeParse(JSON.parse(stored)) : undefined;
      if (parsed?.success) this.current = parsed.data;
    } catch (error) {
      this.logger.warn(`could not restore now-playing from Redis: ${String(error)}`);
    }
  }

  get(): NowPlaying {
    return this.current;
  }

  /** The live DJ's show from their encoder's ice headers: what the live tier shows when on air. */
  setLiveShow(show: LiveShow | null): void {
    this.liveShow = show;
    if (this.current.tier === 'live') {
      this.current = { ...this.current, title: show?.name ?? null, artist: show?.description ?? null };
    }
  }

  async report(report: NowPlayingReportDto): Promise<NowPlaying> {
    const live = report.tier === 'live' ? this.liveShow : null;
    this.current = {
      tier: report.tier,
      title: report.title ?? live?.name ?? null,
      artist: report.artist ?? live?.description ?? null,
      submitter: null,
      since: new Date().toISOString(),
    };
    await this.redis.set(REDIS_KEY, JSON.stringify(this.current)).catch((error: unknown) => {
      this.logger.warn(`could not persist now-playing: ${String(error)}`);
    });
    return this.current;
  }
}
