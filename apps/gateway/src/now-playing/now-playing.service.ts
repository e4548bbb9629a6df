import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import { GatewayRedis } from '../redis/redis.module';
import { nowPlayingSchema, type NowPlaying, type NowPlayingReportDto } from './now-playing.dto';

const REDIS_KEY = 'h4k:now-playing';

export interface LiveShow {
  name: string | null;
  description: string | null;
}

/** One version of what is on air; `id` is the SSE event id. */
export interface NowPlayingRevision {
  id: string;
  nowPlaying: NowPlaying;
}

/** What is on air, kept in memory (served per request) and in Redis (survives a gateway restart). */
@Injectable()
export class NowPlayingService implements OnModuleInit {
  private readonly logger = new Logger(NowPlayingService.name);
  private readonly updates = new Subject<NowPlayingRevision>();
  private liveShow: LiveShow | null = null;
  private current: NowPlaying = {
    tier: 'noise',
    title: null,
    artist: null,
    submitter: null,
    since: new Date().toISOString(),
  };
  // Starts at the clock so ids keep growing across gateway restarts: a client's old id never matches a new state.
  private revision = Date.now();

  /** Every change, once, as it happens (one subject however many listeners). */
  readonly changes: Observable<NowPlayingRevision> = this.updates.asObservable();

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

  latest(): NowPlayingRevision {
    return { id: String(this.revision), nowPlaying: this.current };
  }

  /** The live DJ's show from their encoder's ice headers: what the live tier shows when on air. */
  setLiveShow(show: LiveShow | null): void {
    this.liveShow = show;
    if (this.current.tier === 'live') {
      this.change({ ...this.current, title: show?.name ?? null, artist: show?.description ?? null });
    }
  }

  /** Liquidsoap reports each track change twice: a report of what is already on air changes nothing. */
  async report(report: NowPlayingReportDto): Promise<NowPlaying> {
    const live = report.tier === 'live' ? this.liveShow : null;
    const changed = this.change({
      tier: report.tier,
      title: report.title ?? live?.name ?? null,
      artist: report.artist ?? live?.description ?? null,
      submitter: null,
      since: new Date().toISOString(),
    });
    if (changed) {
      await this.redis.set(REDIS_KEY, JSON.stringify(this.current)).catch((error: unknown) => {
        this.logger.warn(`could not persist now-playing: ${String(error)}`);
      });
    }
    return this.current;
  }

  private change(next: NowPlaying): boolean {
    const previous = this.current;
    if (
      next.tier === previous.tier &&
      next.title === previous.title &&
      next.artist === previous.artist &&
      next.submitter === previous.submitter
    ) {
      return false;
    }
    this.current = next;
    this.revision += 1;
    this.updates.next(this.latest());
    return true;
  }
}
