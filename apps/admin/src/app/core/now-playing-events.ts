import { inject, Injectable } from '@angular/core';
import { API_BASE_URL, HistoryEntry, NowPlaying, NowPlayingService } from '@h4k/api-client';
import { distinctUntilChanged, filter, map, Observable, share, shareReplay, skip } from 'rxjs';

import { ServerSentEvents } from './server-sent-events';

/** Same track: the gateway re-sends a song once its duration is known, and on reconnect. */
export function sameTrack(a: NowPlaying, b: NowPlaying): boolean {
  return a.tier === b.tier && a.since === b.since && a.title === b.title;
}

/**
 * `GET /now-playing/events`. One EventSource for the whole panel (browsers allow few connections
 * per host over HTTP/1.1), open while anyone listens.
 */
@Injectable({ providedIn: 'root' })
export class NowPlayingEvents {
  private readonly url = `${inject(API_BASE_URL)}${NowPlayingService.NowPlayingControllerStreamPath}`;

  private readonly stream = inject(ServerSentEvents).events(this.url, ['history']).pipe(share());

  /** Every state the gateway sends, the one on connect first; late subscribers get the latest. */
  readonly states: Observable<NowPlaying> = this.stream.pipe(
    filter((event) => event.type === 'message'),
    map((event) => event.data as NowPlaying),
    shareReplay({ bufferSize: 1, refCount: true }),
  );

  /** Each `history` event: a new play, or more details of one already sent (same id). */
  readonly history: Observable<HistoryEntry> = this.stream.pipe(
    filter((event) => event.type === 'history'),
    map((event) => event.data as HistoryEntry),
    share(),
  );

  /**
   * Emits when another track (or tier) goes on air. The state sent on connect is skipped: a page
   * loads its data when it opens anyway. Repeats of the same track are dropped.
   */
  readonly trackChanged: Observable<NowPlaying> = this.states.pipe(distinctUntilChanged(sameTrack), skip(1), share());
}
