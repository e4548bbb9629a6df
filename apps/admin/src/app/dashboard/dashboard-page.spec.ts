import { liveOnAir, PageHarness } from '../core/page-harness';
import { snackbarText, textOf } from '../core/testing';
import DashboardPage from './dashboard-page';

const HEALTHY = {
  status: 'ok',
  info: {},
  error: {},
  details: {
    redis: { status: 'up' },
    queue: { status: 'up', version: '0.1.0' },
    downloader: { status: 'up' },
    livestream: { status: 'up' },
    icecast: { status: 'up' },
    on_air: { status: 'up', detail: '/radio on air, 2 listeners' },
  },
};

const OVERVIEW = {
  listeners: 2,
  playlists: [
    { playlist: 'user', state: 'pause', title: null, artist: null, queued: 0, hold: 'live' },
    { playlist: 'fallback', state: 'play', title: 'Tone 3', artist: 'Station', queued: 12, hold: null },
  ],
  downloads: { waiting: 1, active: 2 },
};

const LIVE = {
  live: {
    userId: 'dj-ann',
    label: null,
    since: '2026-11-24T20:00:00Z',
    remainingSeconds: 1800,
    endsAt: '2026-11-24T20:40:00Z',
    headers: { name: 'Night Shift', description: null, genre: null, url: null },
  },
};

const HISTORY = [
  {
    id: '7d1c2a8e-9f0b-4c3d-8e2f-1a2b3c4d5e6f',
    tier: 'fallback',
    title: 'Tone 3',
    artist: 'Station',
    submitter: null,
    show: null,
    dj: null,
    durationSeconds: 12,
    startedAt: '2026-11-24T19:58:00Z',
    endedAt: null,
  },
];

describe('DashboardPage', () => {
  let view: PageHarness<DashboardPage>;

  const el = () => view.el;
  const render = () => view.settle();
  const chips = () =>
    Array.from(el().querySelectorAll('[data-testid="health-part"]')).map((chip) => [
      chip.getAttribute('data-part'),
      chip.classList.contains('down') ? 'down' : 'up',
    ]);

  function answer(health: [object, { status: number; statusText: string }?] = [HEALTHY]): void {
    const healthReq = view.expectAuthorized('/api/health');
    healthReq.flush(...health);
    view.backend.expectOne('/api/admin/overview').flush(OVERVIEW);
    view.backend.expectOne('/api/admin/livestream').flush(LIVE);
    // Loaded once; the now-playing stream keeps it current.
    for (const request of view.backend.match((r) => r.url === '/api/history')) request.flush(HISTORY);
    render();
  }

  function create(signedIn = true): void {
    view = new PageHarness(DashboardPage, { admin: signedIn });
  }

  afterEach(() => view.stop());

  it('asks for the admin token first', () => {
    create(false);
    expect(el().querySelectorAll('h1').length).toBe(1);
    expect(el().querySelector('h1')?.textContent).toBe('Dashboard');
    expect(el().querySelector('[data-testid="admin-sign-in"]')?.textContent).toContain(
      "Sign in to see the station's dashboard.",
    );
  });

  it('shows every part healthy, listeners, downloads, both players and the live DJ', () => {
    create();
    answer();
    expect(el().querySelector('[data-testid="recently-played-entry"] .song-title')?.textContent).toBe('Tone 3');
    expect(chips()).toEqual([
      ['redis', 'up'],
      ['queue', 'up'],
      ['downloader', 'up'],
      ['livestream', 'up'],
      ['icecast', 'up'],
      ['on_air', 'up'],
    ]);
    expect(textOf(el(), 'health-summary')).toBe('Every part is up.');
    // Words apart for screen readers and text search, not only by the flex gap.
    expect(el().querySelector('[data-part="icecast"]')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('Icecast up');
    expect(el().querySelector('[data-part="on_air"]')?.textContent).toContain('/radio on air, 2 listeners');
    expect(textOf(el(), 'listeners')).toBe('2');
    expect(textOf(el(), 'downloads-active')).toBe('2');
    expect(textOf(el(), 'downloads-waiting')).toBe('1');
    const players = Array.from(el().querySelectorAll('[data-testid="player"]')).map((p) =>
      p.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(players).toEqual([
      'Listener queue Held while a DJ is live · 0 songs',
      'Fallback playlist Playing “Tone 3” by Station · 12 songs',
    ]);
    expect(textOf(el(), 'live-dj')).toBe('Night Shift');
    expect(textOf(el(), 'live-remaining')).toMatch(/^30 min \(cut off at .+\)$/);

    view.sources[0]?.emit(liveOnAir('Night Shift'));
    render();
    expect(textOf(el(), 'tier')).toBe('LIVE');
  });

  it('shows a part that is down in red, without an error snackbar, and re-reads every 10 s', () => {
    create();
    const down = {
      ...HEALTHY,
      status: 'error',
      details: { ...HEALTHY.details, icecast: { status: 'down', message: 'connect ECONNREFUSED' } },
    };
    answer([down, { status: 503, statusText: 'Service Unavailable' }]);
    expect(chips()).toContainEqual(['icecast', 'down']);
    expect(el().querySelector('[data-part="icecast"]')?.textContent).toContain('connect ECONNREFUSED');
    expect(textOf(el(), 'health-summary')).toBe('1 of 6 parts down.');
    expect(snackbarText()).toBe('');

    jest.advanceTimersByTime(10_000);
    answer();
    expect(textOf(el(), 'health-summary')).toBe('Every part is up.');
  });
});
