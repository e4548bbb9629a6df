import { Injectable, inject } from '@angular/core';
import { API_BASE_URL, NowPlaying, NowPlayingService } from '@h4k/api-client';
import { Observable, distinctUntilChanged, share, shareReplay, skip } from 'rxjs';
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

  /** Every state the gateway sends, the one on connect first; late subscribers get the latest. */
  readonly states: Observable<NowPlaying> = inject(ServerSentEvents)
    .json<NowPlaying>(this.url)
    .pipe(shareReplay({ bufferSize: 1, refCount: true }));

  /**
   * Emits when another track (or tier) goes on air. The state sent on connect is skipped: a page
   * loads its data when it opens anyway. Repeats of the same track are dropped.
   */
  readonly trackChanged: Observable<NowPlaying> = this.states.pipe(distinctUntilChanged(sameTrack), skip(1), share());
}
