import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { API_BASE_URL } from '@h4k/api-client';
import { catchError, throwError } from 'rxjs';
import { AdminSession } from './admin-session';

/**
 * Sends the admin token as `Authorization: Bearer …` to the station API (never to other
 * origins). A 401 to a request that carried it means the token is wrong or was revoked: it is
 * forgotten, so the pages ask for it again. The error interceptor still reports the failure.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const session = inject(AdminSession);
  const apiBase = inject(API_BASE_URL);
  const token = session.token();
  if (!token || !isApiUrl(req.url, apiBase)) return next(req);

  return next(req.clone({ setHeaders: { Authorization: `Bearer ${token}` } })).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 401 && session.token() === token) {
        session.signOut();
      }
      return throwError(() => error);
    }),
  );
};

function isApiUrl(url: string, apiBase: string): boolean {
  return url === apiBase || url.startsWith(`${apiBase}/`);
}
