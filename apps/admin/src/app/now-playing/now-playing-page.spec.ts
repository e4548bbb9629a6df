import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatSnackBar } from '@angular/material/snack-bar';
import { NowPlaying, provideApiClient } from '@h4k/api-client';
import { errorInterceptor } from '../core/error.interceptor';
import NowPlayingPage from './now-playing-page';

const FALLBACK: NowPlaying = {
  tier: 'fallback',
  title: 'Tone A',
  artist: 'h4kstream',
  submitter: null,
  durationSeconds: 12,
  elapsedSeconds: 3,
  stream: null,
  since: '2026-11-24T12:00:00Z',
};

const USER: NowPlaying = {
  tier: 'user',
  title: 'Requested Song',
  artist: 'Some Band',
  submitter: 'alice',
  durationSeconds: 180,
  elapsedSeconds: 0,
  stream: null,
  since: '2026-11-24T12:03:00Z',
};

describe('NowPlayingPage', () => {
  let fixture: ComponentFixture<NowPlayingPage>;
  let backend: HttpTestingController;

  const el = () => fixture.nativeElement as HTMLElement;
  const text = (testId: string) =>
    el().querySelector(`[data-testid="${testId}"]`)?.textContent?.replace(/\s+/g, ' ').trim();

  beforeEach(() => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({
      imports: [NowPlayingPage],
      providers: [
        provideHttpClient(withInterceptors([errorInterceptor])),
        provideHttpClientTesting(),
        provideApiClient('/api'),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(NowPlayingPage);
    fixture.detectChanges();
  });

  afterEach(() => {
    backend.verify();
    fixture.destroy();
    jest.useRealTimers();
  });

  /** Lets the poll timer fire and answers the request it makes. */
  function answer(body: NowPlaying, afterMs = 0): void {
    jest.advanceTimersByTime(afterMs);
    const req = backend.expectOne('/api/now-playing');
    expect(req.request.method).toBe('GET');
    req.flush(body);
    fixture.detectChanges();
  }

  it('renders the tier chip, title and artist from GET /api/now-playing', () => {
    expect(el().textContent).toContain('Tuning in');

    answer(FALLBACK);

    expect(text('tier')).toBe('library_music fallback');
    expect(text('title')).toBe('Tone A');
    expect(text('artist')).toBe('h4kstream');
    expect(el().querySelector('[data-testid="submitter"]')).toBeNull();
    expect(el().textContent).not.toContain('Tuning in');
  });

  it('refreshes every 10 s', () => {
    answer(FALLBACK);

    jest.advanceTimersByTime(9_999);
    backend.expectNone('/api/now-playing');

    answer(USER, 1);
    expect(text('tier')).toBe('queue_music user');
    expect(text('title')).toBe('Requested Song');
    expect(text('submitter')).toBe('person Submitted by alice');
  });

  it('keeps the last answer and says so when a refresh fails', () => {
    answer(FALLBACK);

    jest.advanceTimersByTime(10_000);
    backend
      .expectOne('/api/now-playing')
      .flush(
        { statusCode: 503, error: 'Service Unavailable', message: 'down' },
        { status: 503, statusText: 'Service Unavailable' },
      );
    fixture.detectChanges();

    expect(text('title')).toBe('Tone A');
    expect(el().querySelector('[role="status"]')?.textContent).toContain('Could not refresh, retrying every 10 s.');

    answer(USER, 10_000);
    expect(el().querySelector('[role="status"]')).toBeNull();
    expect(text('title')).toBe('Requested Song');
  });

  it('reports only the first failure of a streak in the snackbar', () => {
    const open = jest.spyOn(TestBed.inject(MatSnackBar), 'open');
    const fail = (afterMs: number) => {
      jest.advanceTimersByTime(afterMs);
      backend
        .expectOne('/api/now-playing')
        .flush(
          { statusCode: 503, error: 'Service Unavailable', message: 'down' },
          { status: 503, statusText: 'Service Unavailable' },
        );
      fixture.detectChanges();
    };

    fail(0);
    fail(10_000);
    fail(10_000);
    expect(open).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith('down', 'Dismiss', expect.anything());

    answer(FALLBACK, 10_000);
    fail(10_000);
    expect(open).toHaveBeenCalledTimes(2);
  });

  it('offers the same-origin stream as an audio player', () => {
    answer(FALLBACK);
    const audio = el().querySelector('audio');
    expect(audio?.getAttribute('src')).toBe('/radio');
    expect(audio?.hasAttribute('controls')).toBe(true);
    expect(audio?.getAttribute('preload')).toBe('none');
  });
});
