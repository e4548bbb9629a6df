import { HttpContext } from '@angular/common/http';
import { Injectable, InjectionToken, Signal, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NowPlaying, NowPlayingService } from '@h4k/api-client';
import { catchError, exhaustMap, map, of, scan, timer } from 'rxjs';
import { SILENT_HTTP_ERRORS } from '../core/error.interceptor';

/** How often the now-playing card refreshes (until the gateway offers SSE). */
export const NOW_PLAYING_REFRESH_MS = new InjectionToken<number>('NOW_PLAYING_REFRESH_MS', {
  providedIn: 'root',
  factory: () => 10_000,
});

export interface NowPlayingState {
  /** False until the first answer (or failure) arrived. */
  readonly settled: boolean;
  /** Latest successful answer; kept while the API is unreachable. */
  readonly nowPlaying: NowPlaying | null;
  /** True while the most recent refresh failed. */
  readonly failing: boolean;
}

type Poll = { ok: true; nowPlaying: NowPlaying } | { ok: false };

const INITIAL: NowPlayingState = {
  settled: false,
  nowPlaying: null,
  failing: false,
};

/**
 * Polls `GET /now-playing`. Provide it in the component that shows it, so
 * polling stops when the page is left. Only the first failure of a streak
 * reaches the error snackbar; the page shows ongoing failures inline.
 */
@Injectable()
export class NowPlayingFeed {
  private readonly api = inject(NowPlayingService);
  readonly refreshMs = inject(NOW_PLAYING_REFRESH_MS);

  private readonly state: Signal<NowPlayingState> = toSignal(
    timer(0, this.refreshMs).pipe(
      exhaustMap(() =>
        this.api.nowPlayingControllerGet(undefined, this.requestContext()).pipe(
          map((nowPlaying): Poll => ({ ok: true, nowPlaying })),
          catchError(() => of<Poll>({ ok: false })),
        ),
      ),
      scan(
        (state: NowPlayingState, poll: Poll): NowPlayingState =>
          poll.ok
            ? { settled: true, nowPlaying: poll.nowPlaying, failing: false }
            : { settled: true, nowPlaying: state.nowPlaying, failing: true },
        INITIAL,
      ),
    ),
    { initialValue: INITIAL },
  );

  readonly nowPlaying = computed(() => this.state().nowPlaying);
  readonly failing = computed(() => this.state().failing);
  readonly loading = computed(() => !this.state().settled);

  private requestContext(): HttpContext {
    return new HttpContext().set(SILENT_HTTP_ERRORS, this.state().failing);
  }
}
