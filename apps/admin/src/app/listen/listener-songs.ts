import { HttpContext, HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, Signal, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { API_BASE_URL, QueueService, SongProgress, SubmissionAccepted } from '@h4k/api-client';
import {
  debounceTime,
  EMPTY,
  map,
  merge,
  Observable,
  of,
  scan,
  shareReplay,
  skip,
  startWith,
  Subject,
  switchMap,
  tap,
} from 'rxjs';

import { loadOnEach } from '../core/api-state';
import { BEARER_TOKEN } from '../core/auth.interceptor';
import { ServerSentEvents } from '../core/server-sent-events';
import { optionalTags } from '../core/tags';
import { ListenerSession } from './listener-session';

/** One of the listener's songs as the page shows it. */
export interface MySong {
  readonly id: string;
  /** The title once known, else what was sent from this page (a link or file name). */
  readonly name: string | null;
  readonly progress: SongProgress;
}

export type SongSource = { readonly url: string } | { readonly file: File };

/** Statuses from which the listener can still take a song back. */
const REMOVABLE: ReadonlySet<SongProgress['status']> = new Set(['downloading', 'processing', 'queued']);

export function isRemovable(progress: SongProgress): boolean {
  return REMOVABLE.has(progress.status);
}

type ProgressById = ReadonlyMap<string, SongProgress>;

/** The latest event of each song; `removed` is final, so nothing that arrives late brings a song back. */
function latestProgress(byId: ProgressById, p: SongProgress): ProgressById {
  return byId.get(p.id)?.status === 'removed' ? byId : new Map(byId).set(p.id, p);
}

/**
 * The listener's songs: what `GET /queue/mine` lists (waiting ones, and the quota), followed live by
 * `GET /queue/events?token=…` (every status change, played and failed ones too). Provided per page.
 */
@Injectable()
export class ListenerSongs {
  private readonly api = inject(QueueService);
  private readonly session = inject(ListenerSession);
  private readonly eventsUrl = `${inject(API_BASE_URL)}${QueueService.QueueControllerEventsPath}`;
  private readonly reloads = new Subject<void>();
  private readonly sentNames = signal<ReadonlyMap<string, string>>(new Map());
  private readonly removedHere = signal<ReadonlySet<string>>(new Set());
  private readonly sse = inject(ServerSentEvents);

  private readonly progressEvents: Observable<ProgressById> = toObservable(this.session.value).pipe(
    switchMap((token) =>
      token
        ? this.sse
            .json<SongProgress>(`${this.eventsUrl}?token=${encodeURIComponent(token)}`)
            .pipe(scan(latestProgress, new Map()), startWith<ProgressById>(new Map()))
        : of<ProgressById>(new Map()),
    ),
    shareReplay({ bufferSize: 1, refCount: true }),
  );
  private readonly progress: Signal<ProgressById> = toSignal(this.progressEvents, { initialValue: new Map() });

  /** True when the gateway refused the token (expired or revoked). */
  readonly refused = signal(false);

  private readonly mine = loadOnEach(
    toObservable(this.session.value).pipe(
      switchMap((token) =>
        token
          ? merge(of(undefined), this.reloads, this.progressEvents.pipe(skip(1), debounceTime(300))).pipe(
              map(() => token),
            )
          : EMPTY,
      ),
    ),
    (token, context) =>
      this.api
        .queueControllerMine(undefined, context.set(BEARER_TOKEN, token))
        .pipe(tap({ next: () => this.refused.set(false), error: (error: unknown) => this.noticeRefusal(error) })),
  );

  readonly quota = computed(() => {
    const mine = this.mine().value;
    return mine ? { limit: mine.limit, used: mine.used, free: Math.max(0, mine.limit - mine.used) } : null;
  });

  /** Waiting songs first (in the order the station gave), then the others this page heard about. */
  readonly songs: Signal<readonly MySong[]> = computed(() => {
    const progress = this.progress();
    const names = this.sentNames();
    const removedHere = this.removedHere();
    const rows = new Map<string, MySong>();
    for (const song of this.mine().value?.songs ?? []) {
      const { title, ...status } = song;
      rows.set(song.id, {
        id: song.id,
        name: title ?? names.get(song.id) ?? null,
        progress: progress.get(song.id) ?? status,
      });
    }
    for (const [id, p] of progress) {
      if (!rows.has(id)) rows.set(id, { id, name: names.get(id) ?? null, progress: p });
    }
    for (const [id, name] of names) {
      if (!rows.has(id)) rows.set(id, { id, name, progress: { id, status: 'downloading' } });
    }
    return [...rows.values()].filter((row) => !(row.progress.status === 'removed' && removedHere.has(row.id)));
  });

  submit(source: SongSource, title: string, artist: string): Observable<SubmissionAccepted> {
    const context = this.context();
    const tags = optionalTags(title, artist);
    const request =
      'url' in source
        ? this.api.queueControllerAdd$Json({ body: { url: source.url.trim(), ...tags } }, context)
        : this.api.queueControllerAdd$FormData({ body: { file: source.file, ...tags } }, context);
    return request.pipe(
      tap({
        next: (accepted) => {
          const name = 'url' in source ? source.url.trim() : source.file.name;
          this.sentNames.update((names) => new Map(names).set(accepted.id, name));
          this.reloads.next();
        },
        error: (error: unknown) => this.noticeRefusal(error),
      }),
    );
  }

  remove(id: string): Observable<void> {
    return this.api.queueControllerRemove({ id }, this.context()).pipe(
      tap({
        next: () => {
          this.removedHere.update((ids) => new Set(ids).add(id));
          this.reloads.next();
        },
        error: (error: unknown) => this.noticeRefusal(error),
      }),
    );
  }

  private context(): HttpContext {
    return new HttpContext().set(BEARER_TOKEN, this.session.value());
  }

  private noticeRefusal(error: unknown): void {
    this.refused.set(error instanceof HttpErrorResponse && error.status === 401);
  }
}
