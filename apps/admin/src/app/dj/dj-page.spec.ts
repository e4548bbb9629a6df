import { provideRouter } from '@angular/router';

import { liveOnAir, PageHarness } from '../core/page-harness';
import { button, textOf } from '../core/testing';
import DjPage from './dj-page';
import { DJ_KEY_KEY, DJ_TOKEN_KEY } from './dj-session';

function base64url(json: object): string {
  return btoa(JSON.stringify(json)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const DJ_TOKEN = `${base64url({ alg: 'HS256' })}.${base64url({
  type: 'livestream',
  user_id: 'dj-ann',
  label: "Ann's show",
  max_streaming_seconds: 5400,
  exp: 1_800_000_000,
  iat: 1_799_989_200,
  jti: 'j1',
})}.signature`;

const ME = {
  userId: 'dj-ann',
  label: "Ann's show",
  maxStreamingSeconds: 5400,
  usedSeconds: 900,
  remainingSeconds: 4500,
  kicked: false,
  expiresAt: '2027-01-15T08:00:00.000Z',
  onAir: null,
};

describe('DjPage', () => {
  let view: PageHarness<DjPage>;

  const el = () => view.el;
  const render = () => view.settle();
  /** The station's answers: where it publishes the harbor, and this DJ's slot. */
  function answer(me: object = ME, harbor: object = { host: null, port: 18003, mount: '/live', user: 'source' }): void {
    view.backend.match('/api/livestream/harbor').forEach((req) => req.flush(harbor));
    const mine = view.expectAuthorized('/api/livestream/me', DJ_TOKEN);
    mine.flush(me);
    render();
  }
  const secrets = () => Array.from(el().querySelectorAll('[data-testid="secret-value"]')).map((e) => e.textContent);

  function create(): void {
    view = new PageHarness(DjPage, { providers: [provideRouter([])] });
  }

  afterEach(() => view.stop());

  it('asks for the DJ link when no token is known', () => {
    create();
    expect(el().querySelector('h1')?.textContent).toBe('DJ');
    expect(textOf(el(), 'no-dj-token')).toContain('Open the DJ link');
  });

  it('keeps the token and key of the link, and shows the allowance from the token', () => {
    create();
    view.fixture.componentRef.setInput('token', DJ_TOKEN);
    view.fixture.componentRef.setInput('key', 'h4kdj_short');
    render();
    expect(localStorage.getItem(DJ_TOKEN_KEY)).toBe(DJ_TOKEN);
    expect(localStorage.getItem(DJ_KEY_KEY)).toBe('h4kdj_short');
    expect(textOf(el(), 'dj-id')).toBe('dj-ann');
    expect(textOf(el(), 'dj-allowance')).toBe('1 h 30 min of streaming');
    // No command and no port before the station has said where its harbor is: never the default.
    expect(el().querySelector('[data-testid="ffmpeg"]')).toBeNull();
    expect(el().querySelector('[data-testid="harbor-port"]')).toBeNull();
    expect(el().querySelector('[data-testid="harbor-loading"]')).not.toBeNull();
    answer();
    expect(el().querySelector('[data-testid="harbor-loading"]')).toBeNull();
    expect(textOf(el(), 'dj-used')).toBe('15 min');
    expect(textOf(el(), 'dj-remaining')).toBe('1 h 15 min');
    // The port the station publishes (HARBOR_PUBLIC_PORT), on the host this page came from.
    expect(secrets()).toContain(
      "ffmpeg -re -i set.mp3 -c:a libopus -b:a 128k -page_duration 100000 -f ogg -content_type audio/ogg -ice_name 'Ann'\\''s show' " +
        "'icecast://source:h4kdj_short@localhost:18003/live'",
    );
    expect(textOf(el(), 'harbor-host')).toBe('localhost');
    expect(textOf(el(), 'harbor-port')).toBe('18003');
    expect(textOf(el(), 'harbor-mount')).toBe('/live');
  });

  it("shows Liquidsoap's default harbor when the station cannot say where it is", () => {
    localStorage.setItem(DJ_TOKEN_KEY, DJ_TOKEN);
    create();
    view.backend
      .expectOne('/api/livestream/harbor')
      .flush({ message: 'down' }, { status: 503, statusText: 'Service Unavailable' });
    view.expectAuthorized('/api/livestream/me', DJ_TOKEN).flush(ME);
    render();
    expect(textOf(el(), 'harbor-port')).toBe('8003');
    expect(secrets()).toContain(`icecast://source:${DJ_TOKEN}@localhost:8003/live`);
  });

  it('uses the token as password without a key, and says who is live', () => {
    localStorage.setItem(DJ_TOKEN_KEY, DJ_TOKEN);
    create();
    expect(textOf(el(), 'live-slot')).toBe('Checking the live slot…');
    answer(ME, { host: 'dj.example.org', port: 8003, mount: '/live', user: 'source' });
    expect(secrets()).toContain(`icecast://source:${DJ_TOKEN}@dj.example.org:8003/live`);
    view.sources[0]?.emit(liveOnAir('Night Shift'));
    render();
    expect(textOf(el(), 'live-slot')).toMatch(/^Someone else is on air: Night Shift, since /);

    // Their own session, as the station accounts it: re-read when the on-air state changes.
    jest.advanceTimersByTime(10_000);
    answer({
      ...ME,
      usedSeconds: 1200,
      remainingSeconds: 4200,
      onAir: { since: '2026-11-24T20:00:00Z', endsAt: '2026-11-24T21:10:00Z', remainingSeconds: 4200 },
    });
    expect(textOf(el(), 'live-slot')).toMatch(/^You are on air, since /);
    expect(textOf(el(), 'dj-remaining')).toMatch(/^1 h 10 min \(cut off at .+\)$/);

    button('Remove it', el()).click();
    render();
    expect(localStorage.getItem(DJ_TOKEN_KEY)).toBeNull();
    expect(el().querySelector('[data-testid="no-dj-token"]')).not.toBeNull();
  });

  it('tells a connected DJ when the station hears only silence from them, and when it hears them again', () => {
    localStorage.setItem(DJ_TOKEN_KEY, DJ_TOKEN);
    create();
    const me = {
      ...ME,
      onAir: { since: '2026-11-24T20:00:00Z', endsAt: '2026-11-24T21:10:00Z', remainingSeconds: 4200 },
    };
    answer(me);
    // Every on-air change re-reads the DJ's session: still connected, still counting.
    const reread = () => view.backend.match('/api/livestream/me').forEach((req) => req.flush(me));
    const onAir = {
      tier: 'live',
      title: null,
      artist: null,
      submitter: null,
      durationSeconds: null,
      elapsedSeconds: 0,
    };
    const show = { stream: { name: "Ann's show", description: null }, since: '2026-11-24T20:00:00Z' };
    view.sources[0]?.emit({ ...onAir, ...show, liveSilent: false });
    render();
    reread();
    render();
    expect(el().querySelector('[data-testid="live-silent"]')).toBeNull();
    // Silent for LIVE_SILENCE_SECONDS: the fallback plays, the DJ is still connected.
    view.sources[0]?.emit({
      ...onAir,
      tier: 'fallback',
      stream: null,
      since: '2026-11-24T20:10:00Z',
      liveSilent: true,
    });
    render();
    reread();
    render();
    expect(textOf(el(), 'live-slot')).toMatch(/^You are on air, since .+ — but only silence arrives/);
    view.sources[0]?.emit({ ...onAir, ...show, liveSilent: false });
    render();
    reread();
    render();
    expect(el().querySelector('[data-testid="live-silent"]')).toBeNull();
  });
});
