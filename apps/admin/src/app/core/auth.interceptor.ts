import { HttpContextToken, HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { API_BASE_URL } from '@h4k/api-client';
import { catchError, throwError } from 'rxjs';

import { AdminSession } from './admin-session';

/** Set on a request's `HttpContext` to send this token instead of the admin's (a listener's own calls). */
export const BEARER_TOKEN = new HttpContextToken<string | null>(() => null);

/**
 * Sends BEARER_TOKEN when the request names one, else the admin token, as `Authorization: Bearer …`
 * to the station API (never to other origins). A 401 to a request that carried the admin token
 * means it is wrong or was revoked: it is forgotten, so the pages ask for it again. The error
 * interceptor still reports the failure.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const session = inject(AdminSession);
  const apiBase = inject(API_BASE_URL);
  if (!isApiUrl(req.url, apiBase)) return next(req);
  const own = req.context.get(BEARER_TOKEN);
  if (own) return next(req.clone({ setHeaders: { Authorization: `Bearer ${own}` } }));
  const token = session.token();
  if (!token) return next(req);

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
