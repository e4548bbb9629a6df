import { AdminPlaylist, NowPlaying, PlaybackState, QueueList } from '@h4k/api-client';

import { ADMIN_TOKEN_KEY } from '../core/admin-session';
import { PageHarness } from '../core/page-harness';
import { apiError, button, snackbarText, textOf, typeInto } from '../core/testing';
import QueuePage from './queue-page';

const QUEUE: QueueList = {
  songs: [
    {
      tier: 'user',
      id: '0b5f6f3c-8a55-4c38-9a3e-4f0c3c1d2e01',
      title: 'Requested Song',
      artist: 'Some Band',
      durationSeconds: 185,
      submitter: 'listener 3f2a',
      current: true,
    },
    { tier: 'fallback', id: null, title: 'Tone A', artist: null, durationSeconds: 12, submitter: null, current: false },
  ],
};

const USER_ENTRY: AdminPlaylist['songs'][number] = {
  id: '0b5f6f3c-8a55-4c38-9a3e-4f0c3c1d2e01',
  position: 0,
  title: 'Requested Song',
  artist: 'Some Band',
  durationSeconds: 185,
  file: 'user/0b5f.opus',
  submitter: 'listener 3f2a',
  current: true,
};
const USER_PLAYLIST: AdminPlaylist = { playlist: 'user', songs: [USER_ENTRY] };

const PAUSED: PlaybackState = {
  playlist: 'user',
  state: 'pause',
  title: 'Requested Song',
  artist: 'Some Band',
  queued: 1,
  hold: 'admin',
};

const nowPlaying = (title: string, since: string): NowPlaying =>
  ({
    tier: 'fallback',
    title,
    artist: null,
    durationSeconds: 12,
    submitter: null,
    stream: null,
    since,
    elapsedSeconds: 0,
  }) as unknown as NowPlaying;

describe('QueuePage', () => {
  let view: PageHarness<QueuePage>;

  const el = () => view.el;
  const render = () => view.render();
  const settle = (ms?: number) => view.settle(ms);

  function create(signedIn: boolean): void {
    view = new PageHarness(QueuePage, { admin: signedIn });
  }

  /** Answers the pending reloads of the lists (after an admin action). */
  function answerLists(playlist: AdminPlaylist = USER_PLAYLIST): void {
    view.backend.match('/api/queue').forEach((r) => r.flush(QUEUE));
    view.backend.match(`/api/admin/queue?playlist=${playlist.playlist}`).forEach((r) => r.flush(playlist));
    render();
  }

  afterEach(() => view.stop());

  describe('for everyone', () => {
    beforeEach(() => create(false));

    it('lists listener songs with their submitter, then fallback songs, from GET /api/queue', () => {
      const req = view.backend.expectOne('/api/queue');
      expect(req.request.method).toBe('GET');
      expect(req.request.headers.has('Authorization')).toBe(false);
      req.flush(QUEUE);
      view.sources[0]?.emit({ ...nowPlaying('Requested Song', '2026-11-24T12:00:00Z'), tier: 'user' });
      render();

      const rows = Array.from(el().querySelectorAll('[data-testid="upcoming-song"]')).map((r) =>
        [r.querySelector('[matListItemTitle]'), r.querySelector('[matListItemLine]')].map((e) =>
          e?.textContent?.replace(/\s+/g, ' ').trim(),
        ),
      );
      expect(rows).toEqual([
        ['Requested Song', 'Some Band · 3:05 · queued by listener 3f2a · on air'],
        ['Tone A', '0:12'],
      ]);
      expect(textOf(el(), 'admin-sign-in')).toContain('Admin token');
    });

    it('reloads when the event stream reports another track, and every 10 s', () => {
      view.backend.expectOne('/api/queue').flush(QUEUE);
      const [source] = view.sources;
      expect(source?.url).toBe('/api/now-playing/events');

      source?.emit(nowPlaying('Tone A', '2026-11-24T12:00:00Z')); // the state sent on connect
      source?.emit(nowPlaying('Tone A', '2026-11-24T12:00:00Z')); // the same song again
      view.backend.expectNone('/api/queue');

      source?.emit(nowPlaying('Tone B', '2026-11-24T12:00:12Z'));
      view.backend.expectOne('/api/queue').flush({ songs: [] });
      render();
      expect(textOf(el(), 'no-user-songs')).toBe('No listener songs waiting.');

      settle(9_999);
      view.backend.expectNone('/api/queue');
      settle(1);
      view.backend.expectOne('/api/queue').flush(QUEUE);
    });

    it('signs in with the admin token and sends it with admin calls', () => {
      view.backend.expectOne('/api/queue').flush(QUEUE);
      typeInto(el().querySelector('[data-testid="admin-sign-in"] input'), ' sesame ');
      render();
      button('Sign in', el()).click();
      settle();

      const req = view.expectAuthorized('/api/admin/queue?playlist=user');
      req.flush(USER_PLAYLIST);
      expect(localStorage.getItem(ADMIN_TOKEN_KEY)).toBe('sesame');
    });
  });

  describe('for the admin', () => {
    beforeEach(() => {
      create(true);
      answerLists();
    });

    it('shows the chosen playlist from GET /api/admin/queue', () => {
      expect(textOf(el(), 'playlist-entry')).toBe('1. Requested Song Some Band · 3:05 · listener 3f2a · current');

      (el().querySelectorAll('mat-button-toggle button')[1] as HTMLButtonElement).click();
      settle();
      const req = view.expectAuthorized('/api/admin/queue?playlist=fallback');
      req.flush({
        playlist: 'fallback',
        songs: [{ ...USER_ENTRY, id: 'f_dG9uZQ', title: 'Tone A', submitter: null, current: false }],
      } satisfies AdminPlaylist);
      render();
      expect(textOf(el(), 'playlist-entry')).toContain('Tone A');
      expect(el().querySelector('[data-testid="clear"]')).toBeNull();
    });

    it('clears the listener queue only after confirmation', () => {
      const clear = '/api/admin/queue/clear?playlist=user';
      const req = view.confirmed(() => button('Clear queue', el()), 'Clear the listener queue?', clear);
      expect(req.request.method).toBe('POST');
      req.flush({ removed: 2 });
      answerLists({ playlist: 'user', songs: [] });
      expect(snackbarText()).toBe('Cleared: 2 songs removed.');
    });

    it('pauses, then resumes, the chosen playlist', () => {
      button('Pause', el()).click();
      const pause = view.backend.expectOne('/api/admin/pause?playlist=user');
      expect(pause.request.method).toBe('POST');
      pause.flush(PAUSED);
      answerLists();
      expect(textOf(el(), 'playback-state')).toBe('Listener queue is paused on “Requested Song” by Some Band.');

      button('Resume', el()).click();
      view.backend.expectOne('/api/admin/resume?playlist=user').flush({ ...PAUSED, state: 'play', hold: null });
      answerLists();
      expect(textOf(el(), 'playback-state')).toBe(
        'Listener queue is playing “Requested Song” by Some Band (1 queued).',
      );
    });

    it('skips and deletes entries', () => {
      button('Skip', el()).click();
      view.backend
        .expectOne('/api/admin/skip?playlist=user')
        .flush({ ...PAUSED, state: 'play', hold: null, queued: 0 });
      answerLists();

      (el().querySelector('[aria-label="Delete Requested Song"]') as HTMLButtonElement).click();
      const req = view.backend.expectOne(`/api/admin/queue/${USER_ENTRY.id}?playlist=user`);
      expect(req.request.method).toBe('DELETE');
      req.flush({ removed: true });
      answerLists({ playlist: 'user', songs: [] });
      expect(el().querySelector('[data-testid="playlist-entry"]')).toBeNull();
    });

    it('adds a link to the listener queue and follows it until queued', () => {
      const card = view.card('add-to-queue');
      const req = view.submit(
        'add-to-queue',
        ['https://example.org/song', '  My Title '],
        'Add',
        '/api/admin/queue/add',
      );
      expect(req.request.body).toEqual({ url: 'https://example.org/song', title: 'My Title' });
      req.flush({ id: 'a1a1a1a1-0000-4000-8000-000000000001', status: 'downloading' });
      settle();

      view.backend
        .expectOne('/api/queue/a1a1a1a1-0000-4000-8000-000000000001')
        .flush({ id: 'a1a1a1a1-0000-4000-8000-000000000001', status: 'downloading', percent: 42 });
      render();
      expect(textOf(card, 'submission-status')).toBe('Downloading 42 %');

      settle(2000);
      view.backend
        .expectOne('/api/queue/a1a1a1a1-0000-4000-8000-000000000001')
        .flush({ id: 'a1a1a1a1-0000-4000-8000-000000000001', status: 'queued', position: 0 });
      render();
      expect(textOf(card, 'submission-status')).toBe('Queued');
      answerLists(); // reloaded once the song is queued

      settle(2000);
      view.backend.expectNone('/api/queue/a1a1a1a1-0000-4000-8000-000000000001');
    });

    it('mints a listener token and shows it with a copy button', async () => {
      const card = el().querySelector('[data-testid="listener-token"]') as HTMLElement;
      await Promise.resolve(); // MatSelect shows its value a microtask after its options arrive
      render();
      expect(card.querySelector('mat-select')?.textContent).toContain('1 day');
      typeInto(card.querySelector('input[type="number"]'), '5');
      render();
      button('Mint token', card).click();

      const req = view.backend.expectOne('/api/admin/token');
      expect(req.request.method).toBe('POST');
      expect(req.request.body).toEqual({ duration_seconds: 86_400, max_queue_songs: 5 });
      req.flush({ token: 'eyJ.listener.jwt', expires_at: '2026-11-25T12:00:00Z', user_id: 'u' });
      answerLists();

      const secrets = Array.from(card.querySelectorAll('[data-testid="secret-value"]')).map((e) => e.textContent);
      // The link to share first: it opens the listener page with the token kept in their browser.
      expect(secrets).toEqual(['http://localhost/?token=eyJ.listener.jwt', 'eyJ.listener.jwt']);
      expect(card.querySelector('[aria-label="Copy Listener token"]')).not.toBeNull();
    });

    it('shows the API message when a call fails', () => {
      button('Skip', el()).click();
      view.backend.expectOne('/api/admin/skip?playlist=user').flush(...apiError(503, 'user MPD is not reachable'));
      answerLists();
      expect(snackbarText()).toContain('user MPD is not reachable');
    });

    it('forgets a token the gateway refuses and asks for it again', () => {
      button('Pause', el()).click();
      view.backend.expectOne('/api/admin/pause?playlist=user').flush(...apiError(401, 'not a valid admin token'));
      view.backend.match('/api/queue').forEach((r) => r.flush(QUEUE));
      render();
      expect(snackbarText()).toContain('not a valid admin token');
      expect(localStorage.getItem(ADMIN_TOKEN_KEY)).toBeNull();
      expect(textOf(el(), 'admin-sign-in')).toContain('Admin token');
      // The playlist card is gone, and its reload with it.
      expect(view.backend.match('/api/admin/queue?playlist=user').map((r) => r.cancelled)).toEqual([true]);
    });
  });
});
