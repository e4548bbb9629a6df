import { PATTERNS, type Playlist, tierSchema } from '@h4k/contracts';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type Observable, Subject } from 'rxjs';
import { z } from 'zod';

import { GatewayChannels, GatewayRedis } from '../redis/redis.module';
import { Services } from '../rpc/services.module';
import {
  type LiveStream,
  liveStreamSchema,
  type NowPlaying,
  type NowPlayingReportDto,
  type NowPlayingState,
  nowPlayingStateSchema,
} from './now-playing.dto';

const REDIS_KEY = 'h4k:now-playing';
/** Every change, for the other gateways' event streams (the same JSON as REDIS_KEY). */
const CHANGES_CHANNEL = 'h4k:now-playing:changes';
/** The live DJ's show: the harbor's connect callback may reach another gateway than the reports. */
const LIVE_SHOW_CHANNEL = 'h4k:now-playing:live-show';

/** How long a report may wait for the queue service's details before it is published without them. */
export const NOW_PLAYING_LOOKUP_WAIT_MS = Symbol('NOW_PLAYING_LOOKUP_WAIT_MS');
export const DEFAULT_LOOKUP_WAIT_MS = 250;
/** Details arriving later than the wait still make a second revision, up to this deadline. */
const LOOKUP_TIMEOUT_MS = 2000;

/** One version of what is on air; `id` is the SSE event id. */
export interface NowPlayingRevision {
  id: string;
  nowPlaying: NowPlaying;
}

/** A report as Liquidsoap sent it, before any enrichment. */
const reportedTrackSchema = z.object({
  tier: tierSchema,
  title: z.string().nullable(),
  artist: z.string().nullable(),
  liveSilent: z.boolean().default(false),
});
type ReportedTrack = z.infer<typeof reportedTrackSchema>;

// States stored before `liveSilent` (or the revision) existed still restore.
const storedSchema = z.object({
  reported: reportedTrackSchema.nullable(),
  state: nowPlayingStateSchema.extend({ liveSilent: z.boolean().default(false) }),
  revision: z.number().int().optional(),
  origin: z.string().default(''),
});
type Stored = z.infer<typeof storedSchema>;

type TrackDetails = Pick<NowPlayingState, 'title' | 'artist' | 'durationSeconds' | 'submitter'>;

/**
 * What is on air, kept in memory (served per request) and in Redis (survives a gateway restart).
 * Liquidsoap knows only tier, title and artist; duration and submitter come from the queue service,
 * asked once per change and never allowed to hold a change back for long.
 */
@Injectable()
export class NowPlayingService implements OnModuleInit {
  private readonly logger = new Logger(NowPlayingService.name);
  private readonly updates = new Subject<NowPlayingRevision>();
  private liveShow: LiveStream | null = null;
  private reported: ReportedTrack | null = null;
  private current: NowPlayingState = {
    tier: 'noise',
    title: null,
    artist: null,
    durationSeconds: null,
    submitter: null,
    stream: null,
    liveSilent: false,
    since: new Date().toISOString(),
  };
  // Clock-based, so ids keep growing across gateway restarts: a client's old id never matches a new state.
  private revision = Date.now();
  /** The gateway that made the current revision: ties between two gateways' changes go to the greater. */
  private revisionOrigin = '';
  /** Counts reports: a lookup only applies while its report is still the latest. */
  private reports = 0;

  /** Every change, once, as it happens (one subject however many listeners). */
  readonly changes: Observable<NowPlayingRevision> = this.updates.asObservable();

  constructor(
    private readonly redis: GatewayRedis,
    private readonly channels: GatewayChannels,
    private readonly services: Services,
    @Inject(NOW_PLAYING_LOOKUP_WAIT_MS) private readonly lookupWaitMs: number,
  ) {}

  async onModuleInit(): Promise<void> {
    // Liquidsoap reports to one gateway; the others follow it here, with the same event ids.
    this.channels.listen(CHANGES_CHANNEL, (body, fromSelf) => {
      const parsed = storedSchema.safeParse(body);
      if (!fromSelf && parsed.success && parsed.data.revision !== undefined)
        this.adopt(parsed.data, parsed.data.revision);
    });
    this.channels.listen(LIVE_SHOW_CHANNEL, (body, fromSelf) => {
      const show = liveStreamSchema.nullable().safeParse(body);
      if (!fromSelf && show.success) this.liveShow = show.data;
    });
    try {
      const stored = await this.redis.get(REDIS_KEY);
      const parsed = stored ? storedSchema.safeParse(JSON.parse(stored)) : undefined;
      // The stored revision keeps the id every gateway gave this state; an older store has none.
      if (parsed?.success) this.adopt(parsed.data, parsed.data.revision ?? this.revision, false);
    } catch (error) {
      this.logger.warn(`could not restore now-playing from Redis: ${String(error)}`);
    }
  }

  /** Another gateway's change, unless this one already holds a later one (greater revision, then origin). */
  private adopt(stored: Stored, revision: number, push = true): void {
    if (push && (revision < this.revision || (revision === this.revision && stored.origin <= this.revisionOrigin)))
      return;
    this.current = stored.state;
    this.reported = stored.reported;
    this.revision = revision;
    this.revisionOrigin = stored.origin;
    if (this.current.tier === 'live') this.liveShow = this.current.stream;
    // A report this gateway is still completing is older than the change just taken.
    this.reports += 1;
    if (push) this.updates.next(this.latest());
  }

  get(): NowPlaying {
    const elapsedMs = Date.now() - Date.parse(this.current.since);
    return { ...this.current, elapsedSeconds: Math.max(0, Math.floor(elapsedMs / 1000)) };
  }

  latest(): NowPlayingRevision {
    return { id: String(this.revision), nowPlaying: this.get() };
  }

  /** The live DJ's show from their encoder's ice headers: what the live tier shows when on air. */
  setLiveShow(show: LiveStream | null): void {
    this.liveShow = show;
    void this.channels.publish(LIVE_SHOW_CHANNEL, show).catch((error: unknown) => {
      this.logger.warn(`could not pass the live show to the other gateways: ${String(error)}`);
    });
    if (this.current.tier === 'live') {
      void this.publish({
        ...this.current,
        title: this.reported?.title ?? show?.name ?? null,
        artist: this.reported?.artist ?? show?.description ?? null,
        stream: show,
      });
    }
  }

  /**
   * A report equal to the last one (Liquidsoap retrying) changes nothing. A listener or fallback song waits
   * at most `lookupWaitMs` for its details; a slower queue service adds them in a second revision.
   */
  async report(report: NowPlayingReportDto): Promise<void> {
    const track: ReportedTrack = {
      tier: report.tier,
      title: report.title,
      artist: report.artist,
      liveSilent: report.live_silent,
    };
    if (this.reported && sameTrack(track, this.reported)) return;
    this.reported = track;
    const ticket = ++this.reports;
    const live = track.tier === 'live' ? this.liveShow : null;
    let next: NowPlayingState = {
      tier: track.tier,
      title: track.title ?? live?.name ?? null,
      artist: track.artist ?? live?.description ?? null,
      durationSeconds: null,
      submitter: null,
      stream: live,
      liveSilent: track.liveSilent,
      since: new Date(Date.now() - report.age * 1000).toISOString(),
    };
    if (track.tier === 'user' || track.tier === 'fallback') {
      const lookup = this.details(track.tier, track);
      const early = await within(lookup, this.lookupWaitMs);
      if (ticket !== this.reports) return;
      if (early) next = { ...next, ...early };
      if (early === undefined) {
        void lookup.then((late) => {
          if (late && ticket === this.reports) return this.publish({ ...this.current, ...late });
          return undefined;
        });
      }
    }
    await this.publish(next);
  }

  /** The queue service's current song of that MPD, if it is the reported one. Never throws. */
  private async details(tier: Playlist, track: ReportedTrack): Promise<TrackDetails | null> {
    try {
      const { songs } = await this.services.send(PATTERNS.queue.list, {}, { timeoutMs: LOOKUP_TIMEOUT_MS });
      const entry = songs.find((song) => song.tier === tier && song.current);
      if (!entry) return null;
      if (track.title !== null && comparable(entry.title) !== comparable(track.title)) {
        this.logger.debug(`the queue's current ${tier} song is not the one on air: no details`);
        return null;
      }
      return {
        title: track.title ?? entry.title,
        artist: track.artist ?? entry.artist,
        // A song queued without a known length is stored with 0.
        durationSeconds: entry.durationSeconds ? entry.durationSeconds : null,
        submitter: tier === 'user' ? entry.submitter : null,
      };
    } catch (error) {
      this.logger.warn(`no duration or submitter for the ${tier} song on air: ${String(error)}`);
      return null;
    }
  }

  /** Sets the state before its first await, so a later publish always builds on it. */
  private async publish(next: NowPlayingState): Promise<void> {
    if (sameState(next, this.current)) return;
    this.current = next;
    this.revision = Math.max(this.revision + 1, Date.now());
    this.revisionOrigin = this.channels.origin;
    this.updates.next(this.latest());
    const stored: Stored = {
      reported: this.reported,
      state: next,
      revision: this.revision,
      origin: this.revisionOrigin,
    };
    await Promise.all([
      this.redis.set(REDIS_KEY, JSON.stringify(stored)).catch((error: unknown) => {
        this.logger.warn(`could not persist now-playing: ${String(error)}`);
      }),
      this.channels.publish(CHANGES_CHANNEL, stored).catch((error: unknown) => {
        this.logger.warn(`could not pass now-playing to the other gateways: ${String(error)}`);
      }),
    ]);
  }
}

/** The promise's value, or undefined when it takes longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

function comparable(title: string): string {
  return title.normalize('NFC').trim().toLowerCase();
}

function sameTrack(a: ReportedTrack, b: ReportedTrack): boolean {
  return a.tier === b.tier && a.title === b.title && a.artist === b.artist && a.liveSilent === b.liveSilent;
}

function sameState(a: NowPlayingState, b: NowPlayingState): boolean {
  return (
    sameTrack(a, b) &&
    a.durationSeconds === b.durationSeconds &&
    a.submitter === b.submitter &&
    a.since === b.since &&
    a.stream?.name === b.stream?.name &&
    a.stream?.description === b.stream?.description &&
    (a.stream === null) === (b.stream === null)
  );
}
