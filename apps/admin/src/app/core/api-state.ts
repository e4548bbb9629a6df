import { HttpContext } from '@angular/common/http';
import { Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { catchError, map, Observable, of, scan, switchMap, tap } from 'rxjs';

import { SILENT_HTTP_ERRORS } from './error.interceptor';

export interface ApiState<T> {
  /** False until the first answer (or failure) arrived. */
  readonly settled: boolean;
  /** Latest successful answer; kept while later loads fail. */
  readonly value: T | undefined;
  /** True while the most recent load failed. */
  readonly failing: boolean;
}

type Outcome<T> = { ok: true; value: T } | { ok: false };

/**
 * Loads on every trigger; a newer trigger cancels a load still under way. Only the first failure
 * of a streak reaches the error snackbar, so a page that polls a dead API does not spam it.
 * Call in an injection context: the subscription ends with the component.
 */
export function loadOnEach<K, T>(
  triggers: Observable<K>,
  load: (key: K, context: HttpContext) => Observable<T>,
): Signal<ApiState<T>> {
  const initial: ApiState<T> = { settled: false, value: undefined, failing: false };
  let failing = false;
  return toSignal(
    triggers.pipe(
      switchMap((key) =>
        load(key, new HttpContext().set(SILENT_HTTP_ERRORS, failing)).pipe(
          map((value): Outcome<T> => ({ ok: true, value })),
          catchError(() => of<Outcome<T>>({ ok: false })),
        ),
      ),
      scan(
        (state: ApiState<T>, outcome: Outcome<T>): ApiState<T> =>
          outcome.ok
            ? { settled: true, value: outcome.value, failing: false }
            : { settled: true, value: state.value, failing: true },
        initial,
      ),
      tap((state) => (failing = state.failing)),
    ),
    { initialValue: initial },
  );
}
