import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FakeEventSource, button, providePanelTesting, textOf } from '../core/testing';
import { DJ_KEY_KEY, DJ_TOKEN_KEY } from './dj-session';
import DjPage from './dj-page';

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

describe('DjPage', () => {
  let fixture: ComponentFixture<DjPage>;
  let sources: FakeEventSource[];

  const el = () => fixture.nativeElement as HTMLElement;
  const render = () => TestBed.tick();
  const secrets = () => Array.from(el().querySelectorAll('[data-testid="secret-value"]')).map((e) => e.textContent);

  function create(): void {
    sources = [];
    TestBed.configureTestingModule({
      imports: [DjPage],
      providers: [...providePanelTesting(sources), provideRouter([])],
    });
    fixture = TestBed.createComponent(DjPage);
    render();
  }

  beforeEach(() => localStorage.clear());

  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
    fixture.destroy();
    TestBed.resetTestingModule();
  });

  it('asks for the DJ link when no token is known', () => {
    create();
    expect(el().querySelector('h1')?.textContent).toBe('DJ');
    expect(textOf(el(), 'no-dj-token')).toContain('Open the DJ link');
  });

  it('keeps the token and key of the link, and shows the allowance from the token', () => {
    create();
    fixture.componentRef.setInput('token', DJ_TOKEN);
    fixture.componentRef.setInput('key', 'h4kdj_short');
    render();
    expect(localStorage.getItem(DJ_TOKEN_KEY)).toBe(DJ_TOKEN);
    expect(localStorage.getItem(DJ_KEY_KEY)).toBe('h4kdj_short');
    expect(textOf(el(), 'dj-id')).toBe('dj-ann');
    expect(textOf(el(), 'dj-allowance')).toBe('1 h 30 min of streaming');
    expect(secrets()).toContain(
      "ffmpeg -re -i set.mp3 -c:a libopus -b:a 128k -f ogg -content_type audio/ogg -ice_name 'Ann'\\''s show' " +
        "'icecast://source:h4kdj_short@localhost:8003/live'",
    );
    expect(textOf(el(), 'harbor-port')).toBe('8003');
    expect(textOf(el(), 'harbor-mount')).toBe('/live');
  });

  it('uses the token as password without a key, and says who is live', () => {
    localStorage.setItem(DJ_TOKEN_KEY, DJ_TOKEN);
    create();
    expect(secrets()).toContain(`icecast://source:${DJ_TOKEN}@localhost:8003/live`);
    expect(textOf(el(), 'live-slot')).toBe('Checking the live slot…');
    sources[0]?.emit({
      tier: 'live',
      title: 'Night Shift',
      artist: null,
      submitter: null,
      durationSeconds: null,
      elapsedSeconds: 0,
      stream: { name: 'Night Shift', description: null },
      since: '2026-11-24T20:00:00Z',
    });
    render();
    expect(textOf(el(), 'live-slot')).toMatch(/^On air now: Night Shift, since /);

    button('Remove it', el()).click();
    render();
    expect(localStorage.getItem(DJ_TOKEN_KEY)).toBeNull();
    expect(el().querySelector('[data-testid="no-dj-token"]')).not.toBeNull();
  });
});
