import { PageHarness } from '../core/page-harness';
import { apiError, button, snackbarText, textOf } from '../core/testing';
import LivePage from './live-page';
import { LivestreamStatus, LivestreamUserUsage } from './livestream-api';

const LIVE: LivestreamStatus = {
  live: {
    userId: 'dj-ann',
    label: 'Ann show',
    since: '2026-11-24T20:00:00Z',
    remainingSeconds: 2700,
    endsAt: '2026-11-24T21:00:00Z',
    headers: { name: 'Night Shift', description: 'Deep cuts', genre: null, url: null },
  },
};
const USERS: LivestreamUserUsage[] = [
  { userId: 'dj-ann', usedSeconds: 900, maxStreamingSeconds: 3600, remainingSeconds: 2700, kicked: false },
  { userId: 'dj-bob', usedSeconds: 0, maxStreamingSeconds: null, remainingSeconds: null, kicked: false },
  // Kicked before streaming a second: nothing to give back, but the kick to lift.
  { userId: 'dj-cy', usedSeconds: 0, maxStreamingSeconds: 600, remainingSeconds: 600, kicked: true },
];

describe('LivePage', () => {
  let view: PageHarness<LivePage>;
  const el = () => view.el;
  const render = () => view.render();
  const settle = (ms?: number) => view.settle(ms);

  function answer(status: LivestreamStatus = LIVE, users: LivestreamUserUsage[] = USERS): void {
    const statusReq = view.expectAuthorized('/api/admin/livestream');
    statusReq.flush(status);
    view.backend.expectOne('/api/admin/livestream/users').flush(users);
    render();
  }

  beforeEach(() => {
    view = new PageHarness(LivePage, { admin: true });
    // Where the station publishes its harbor (HARBOR_PUBLIC_HOST/PORT), read once.
    view.backend
      .expectOne('/api/livestream/harbor')
      .flush({ host: 'dj.example.org', port: 18003, mount: '/live', user: 'source' });
    render();
  });

  afterEach(() => view.stop());

  it('shows who is live and each DJ allowance', () => {
    answer();
    expect(textOf(el(), 'live-dj')).toBe('Night Shift');
    expect(textOf(el(), 'live-remaining')).toMatch(/^45 min \(cut off at .+\)$/);
    const rows = Array.from(el().querySelectorAll('[data-testid="dj-row"]')).map((r) =>
      Array.from(r.querySelectorAll('td'))
        .slice(0, 4)
        .map((td) => td.textContent?.trim()),
    );
    expect(rows).toEqual([
      ['dj-ann', '15 min', '1 h 00 min', '45 min'],
      ['dj-bob', '0 s', '—', '—'],
      ['dj-cy kicked: refused until reset', '0 s', '10 min', '10 min'],
    ]);
    const resetOf = (userId: string) =>
      el().querySelector(`[aria-label="Reset the streamed time of ${userId}"]`) as HTMLButtonElement;
    expect(resetOf('dj-bob').disabled).toBe(true);
    expect(resetOf('dj-cy').disabled).toBe(false);
  });

  it('refreshes every 10 s and says when nobody is live', () => {
    answer();
    settle(10_000);
    answer({ live: null });
    expect(textOf(el(), 'nobody-live')).toBe('Nobody is live.');
    expect(el().textContent).not.toContain('Kick');
  });

  it('kicks the live DJ after confirmation', () => {
    answer();
    const req = view.confirmed(() => button('Kick', el()), 'Kick Night Shift?', '/api/admin/livestream/kick');
    expect(req.request.method).toBe('POST');
    req.flush({ kicked: true, userId: 'dj-ann' });
    answer({ live: null });
    expect(snackbarText()).toBe('Night Shift was kicked.');
  });

  it("resets a DJ's streamed time", () => {
    answer();
    (el().querySelector('[aria-label="Reset the streamed time of dj-ann"]') as HTMLButtonElement).click();
    const req = view.backend.expectOne('/api/admin/livestream/reset/dj-ann');
    expect(req.request.method).toBe('POST');
    req.flush({ userId: 'dj-ann', usedSeconds: 0 });
    answer();
    expect(snackbarText()).toBe('dj-ann has their whole allowance again.');
  });

  it('mints a DJ token and shows how to connect to the harbor', () => {
    answer();
    const req = view.submit('dj-token', ['90', 'dj-cat', ' Cat show '], 'Mint DJ token', '/api/admin/livestream/token');
    expect(req.request.body).toEqual({ max_streaming_seconds: 5400, user_id: 'dj-cat', label: 'Cat show' });
    req.flush({
      token: 'eyJ.dj.jwt',
      key: 'h4kdj_short-key',
      user_id: 'dj-cat',
      jti: '5f0c5e2e-8a43-4c1e-9d4b-0e6d5b8a1c2f',
      expires_at: '2026-11-25T00:00:00Z',
    });
    answer(); // the new DJ shows up in the allowances

    const card = view.card('dj-token');
    const secrets = Array.from(card.querySelectorAll('[data-testid="secret-value"]')).map((e) => e.textContent);
    // The short DJ key first (every encoder takes it), then the JWT.
    expect(secrets.slice(0, 2)).toEqual(['h4kdj_short-key', 'eyJ.dj.jwt']);
    expect(textOf(card, 'harbor-host')).toBe('dj.example.org');
    expect(textOf(card, 'harbor-port')).toBe('18003');
    expect(textOf(card, 'harbor-mount')).toBe('/live');
    expect(card.textContent).toContain('5f0c5e2e-8a43-4c1e-9d4b-0e6d5b8a1c2f');
    expect(card.textContent).toContain('or dj-cat with the DJ key');
    expect(secrets).toContain('icecast://source:h4kdj_short-key@dj.example.org:18003/live');
  });

  it('shows the API message when minting is refused', () => {
    answer();
    const card = el().querySelector('[data-testid="dj-token"]') as HTMLElement;
    button('Mint DJ token', card).click();
    view.backend
      .expectOne('/api/admin/livestream/token')
      .flush(...apiError(400, 'max_streaming_seconds: Too big: expected number to be <=86400'));
    render();
    expect(snackbarText()).toContain('max_streaming_seconds: Too big');
    expect(card.querySelector('[data-testid="secret-value"]')).toBeNull();
  });
});
