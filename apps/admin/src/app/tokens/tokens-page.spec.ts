import { PageHarness } from '../core/page-harness';
import { button, snackbarText } from '../core/testing';
import TokensPage from './tokens-page';

const DJ = {
  jti: '5f0c5e2e-8a43-4c1e-9d4b-0e6d5b8a1c2f',
  kind: 'livestream',
  user_id: 'dj-ann',
  label: 'Night Shift',
  created_at: '2026-11-24T18:00:00Z',
  expires_at: '2026-11-24T22:00:00Z',
  dj_key_hint: 'h4kdj_Ab3',
  revoked: false,
};
const LISTENER = {
  jti: '0b7cf3d1-2a6e-4f1a-8a52-6b8f3c3f9d10',
  kind: 'user',
  user_id: '6c1f2a58-1d1b-4c55-9b1e-0f8e1d2c3b4a',
  label: null,
  created_at: '2026-11-24T17:00:00Z',
  expires_at: '2026-11-25T17:00:00Z',
  dj_key_hint: null,
  revoked: false,
};
const USAGE = [
  { userId: 'dj-ann', usedSeconds: 900, maxStreamingSeconds: 3600, remainingSeconds: 2700, kicked: false },
];

describe('TokensPage', () => {
  let view: PageHarness<TokensPage>;

  const el = () => view.el;
  const render = () => view.settle();
  const rows = () =>
    Array.from(el().querySelectorAll('[data-testid="token-row"]')).map((row) => ({
      label: row.querySelector('[data-testid="token-label"]')?.textContent?.trim(),
      use: row.querySelector('[data-testid="token-use"]')?.textContent?.replace(/\s+/g, ' ').trim(),
      revoked: row.querySelector('[data-testid="token-revoked"]') !== null,
    }));

  function answer(tokens: object[] = [DJ, LISTENER]): void {
    view.backend.expectOne('/api/admin/tokens').flush(tokens);
    view.backend.expectOne('/api/admin/livestream/users').flush(USAGE);
    render();
  }

  beforeEach(() => {
    view = new PageHarness(TokensPage, { admin: true });
    view.backend.expectOne('/api/livestream/harbor').flush({ host: null, port: 8003, mount: '/live', user: 'source' });
    render();
  });

  afterEach(() => view.stop());

  it('lists issued tokens with label, expiry and use', () => {
    answer();
    expect(el().querySelectorAll('h1').length).toBe(1);
    expect(rows()).toEqual([
      { label: 'Night Shift', use: '15 min streamed, 45 min left', revoked: false },
      { label: LISTENER.user_id, use: 'submits songs on the listener page', revoked: false },
    ]);
    expect(el().querySelector(`[data-jti="${DJ.jti}"]`)?.textContent).toContain('h4kdj_Ab3…');
  });

  it('revokes a token after confirmation and lists it as revoked', () => {
    answer();
    const revoke = () => button('Revoke', el().querySelector(`[data-jti="${DJ.jti}"]`) as HTMLElement);
    const req = view.confirmed(revoke, 'Revoke the DJ token Night Shift?', `/api/admin/tokens/${DJ.jti}`);
    expect(req.request.method).toBe('DELETE');
    req.flush({ jti: DJ.jti, kind: 'livestream', kicked: true });
    answer([{ ...DJ, revoked: true }, LISTENER]);
    expect(snackbarText()).toBe('Revoked the DJ token Night Shift; the DJ was dropped.');
    expect(rows()[0]).toMatchObject({ label: 'Night Shift', revoked: true });
    expect(el().querySelector(`[data-jti="${DJ.jti}"] button`)).toBeNull();
  });

  it('mints a listener token with its shareable link, and lists it', () => {
    answer([]);
    expect(el().querySelector('[data-testid="no-tokens"]')).not.toBeNull();
    const card = el().querySelector('[data-testid="listener-token"]') as HTMLElement;
    button('Mint token', card).click();
    view.backend.expectOne('/api/admin/token').flush({
      token: 'eyJ.listener.jwt',
      expires_at: '2026-11-25T17:00:00Z',
      user_id: LISTENER.user_id,
      jti: LISTENER.jti,
    });
    answer([LISTENER]);
    expect(card.querySelector('[data-testid="listener-link"] [data-testid="secret-value"]')?.textContent).toBe(
      'http://localhost/?token=eyJ.listener.jwt',
    );
    expect(rows()).toHaveLength(1);
  });
});
