import { HttpClient, HttpContext, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { errorInterceptor, SILENT_HTTP_ERRORS } from './error.interceptor';
import { apiError } from './testing';

describe('errorInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([errorInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  /** Text of the snackbar currently on screen ('' when none). */
  async function snackbarText(): Promise<string> {
    await TestBed.inject(ApplicationRef).whenStable();
    return document.querySelector('mat-snack-bar-container [matSnackBarLabel]')?.textContent?.trim() ?? '';
  }

  /** Issues GET url, returns the error the caller sees. */
  function get(url: string, context?: HttpContext): () => unknown {
    let seen: unknown;
    http.get(url, { context }).subscribe({ error: (e: unknown) => (seen = e) });
    return () => seen;
  }

  it('shows the message of a 4xx JSON error body and re-throws the error', async () => {
    const seen = get('/api/queue/42');
    backend.expectOne('/api/queue/42').flush(...apiError(404, 'No such track: 42'));

    expect(await snackbarText()).toBe('No such track: 42');
    expect(document.querySelector('mat-snack-bar-container [matSnackBarActions]')?.textContent?.trim()).toBe('Dismiss');
    expect(seen()).toBeInstanceOf(HttpErrorResponse);
    expect((seen() as HttpErrorResponse).status).toBe(404);
  });

  it('joins validation messages', async () => {
    get('/api/queue');
    backend.expectOne('/api/queue').flush(...apiError(400, ['url must be a URL', 'url should not be empty']));

    expect(await snackbarText()).toBe('url must be a URL; url should not be empty');
  });

  it('falls back to the status for non-JSON errors', async () => {
    get('/api/now-playing');
    backend.expectOne('/api/now-playing').flush('upstream down', { status: 502, statusText: 'Bad Gateway' });

    expect(await snackbarText()).toBe('The station API answered 502 Bad Gateway.');
  });

  it('explains network failures', async () => {
    get('/api/now-playing');
    backend.expectOne('/api/now-playing').error(new ProgressEvent('error'), { status: 0, statusText: '' });

    expect(await snackbarText()).toBe('Cannot reach the station API. Check your connection.');
  });

  it('stays quiet for requests marked SILENT_HTTP_ERRORS', async () => {
    const seen = get('/api/now-playing', new HttpContext().set(SILENT_HTTP_ERRORS, true));
    backend.expectOne('/api/now-playing').flush(...apiError(503, 'down'));

    expect(await snackbarText()).toBe('');
    expect((seen() as HttpErrorResponse).status).toBe(503);
  });
});
