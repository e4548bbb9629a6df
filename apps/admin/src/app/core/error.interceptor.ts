import { HttpContextToken, HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { isApiErrorBody } from '@h4k/api-client';
import { catchError, throwError } from 'rxjs';

/**
 * Set on a request's `HttpContext` to keep its failure out of the snackbar,
 * e.g. for background refreshes whose failure the page already shows inline.
 */
export const SILENT_HTTP_ERRORS = new HttpContextToken<boolean>(() => false);

export const SNACKBAR_DURATION_MS = 6000;

/**
 * The one place that tells the user about failed API calls: every
 * `HttpErrorResponse` becomes a snackbar message. The error is re-thrown
 * unchanged so callers can still react to it.
 */
export const errorInterceptor: HttpInterceptorFn = (req, next) => {
  const snackBar = inject(MatSnackBar);
  return next(req).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && !req.context.get(SILENT_HTTP_ERRORS)) {
        snackBar.open(httpErrorMessage(error), 'Dismiss', {
          duration: SNACKBAR_DURATION_MS,
        });
      }
      return throwError(() => error);
    }),
  );
};

/** Human-readable text for a failed API call. */
export function httpErrorMessage(error: HttpErrorResponse): string {
  const body: unknown = error.error;
  if (isApiErrorBody(body)) {
    const message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
    return message || body.error || `Request failed (${body.statusCode})`;
  }
  if (error.status === 0) {
    return 'Cannot reach the station API. Check your connection.';
  }
  const status = [error.status, error.statusText].filter(Boolean).join(' ');
  return `The station API answered ${status}.`;
}
