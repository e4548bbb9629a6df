import { Injectable, InjectionToken, inject } from '@angular/core';
import { API_BASE_URL, NowPlaying, NowPlayingService } from '@h4k/api-client';
import { NEVER, Observable, distinctUntilChanged, share, skip } from 'rxjs';

/** Opens an EventSource; null where the platform has none (tests, old browsers): pages then only poll. */
export const EVENT_SOURCE = new InjectionToken<((url: string) => EventSource) | null>('EVENT_SOURCE', {
  providedIn: 'root',
  factory: () => (typeof EventSource === 'undefined' ? null : (url: string) => new EventSource(url)),
});

/**
 * Track changes pushed by `GET /now-playing/events`. One EventSource for the whole panel
 * (browsers allow few connections per host over HTTP/1.1), open while anyone listens.
 */
@Injectable({ providedIn: 'root' })
export class NowPlayingEvents {
  private readonly open = inject(EVENT_SOURCE);
  private readonly url = `${inject(API_BASE_URL)}${NowPlayingService.NowPlayingControllerStreamPath}`;

  /**
   * Emits when another track (or tier) goes on air. The state sent on connect is skipped: a
   * page loads its data when it opens anyway. Repeats of the same track (the gateway re-sends a
   * song once its duration is known, and on reconnect) are dropped.
   */
  readonly trackChanged: Observable<NowPlaying> = this.events().pipe(
    distinctUntilChanged((a, b) => a.tier === b.tier && a.since === b.since && a.title === b.title),
    skip(1),
    share(),
  );

  private events(): Observable<NowPlaying> {
    const open = this.open;
    if (!open) return NEVER;
    return new Observable<NowPlaying>((subscriber) => {
      const source = open(this.url);
      source.onmessage = (event: MessageEvent<string>) => {
        try {
          subscriber.next(JSON.parse(event.data) as NowPlaying);
        } catch {
          // not JSON: nothing to act on
        }
      };
      return () => source.close();
    });
  }
}
