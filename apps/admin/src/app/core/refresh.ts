import { inject, InjectionToken } from '@angular/core';
import { map, merge, Observable, timer } from 'rxjs';

import { NowPlayingEvents } from './now-playing-events';

/** How often pages re-read what changes on its own (queue, live slot). */
export const REFRESH_MS = new InjectionToken<number>('REFRESH_MS', {
  providedIn: 'root',
  factory: () => 10_000,
});

/**
 * Fires now, every REFRESH_MS, as soon as another track goes on air, and on each of `also`
 * (e.g. after the admin changed something). The timer stays on while the event stream is
 * open because the stream only tells about track changes, not about new submissions.
 * Call in an injection context.
 */
export function refreshTicks(...also: Observable<unknown>[]): Observable<void> {
  return merge(timer(0, inject(REFRESH_MS)), inject(NowPlayingEvents).trackChanged, ...also).pipe(
    map((): void => undefined),
  );
}
