import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { HistoryEntry, MySongs, NowPlaying, QueueList, SongProgress } from '@h4k/api-client';

import { ADMIN_TOKEN_KEY } from '../core/admin-session';
import { apiError, button, FakeEventSource, providePanelTesting, textOf, typeInto } from '../core/testing';
import ListenerPage from './listener-page';
import { LISTENER_TOKEN_KEY } from './listener-session';

const SONG_ID = 'a1a1a1a1-0000-4000-8000-000000000001';

const ON_AIR: NowPlaying = {
  tier: 'user',
  title: 'Requested Song',
  artist: null,
  submitter: 'listener 3f2a',
  durationSeconds: 200,
  elapsedSeconds: 50,
  stream: null,
  liveSilent: false,
  since: '2026-11-24T12:00:00Z',
};

const QUEUE: QueueList = {
  songs: [
    {
      tier: 'user',
      id: 'x',
      title: 'Requested Song',
      artist: null,
      durationSeconds: 200,
      submitter: 'listener 3f2a',
      current: true,
    },
    { tier: 'fallback', id: null, title: 'Tone A', artist: 'h4k', durationSeconds: 12, submitter: null, current: true },
    { tier: 'fallback', id: null, title: 'Tone B', artist: null, durationSeconds: 12, submitter: null, current: false },
  ],
};

const MINE: MySongs = { limit: 3, used: 1, songs: [{ id: SONG_ID, status: 'downloading', percent: 10, title: null }] };

const HISTORY: HistoryEntry[] = [
  {
    id: 'a0000000-0000-4000-8000-000000000002',
    tier: 'user',
    title: 'Requested Song',
    artist: null,
    submitter: 'listener 3f2a',
    show: null,
    dj: null,
    durationSeconds: 200,
    startedAt: '2026-11-24T20:02:00Z',
    endedAt: null,
  },
  {
    id: 'a0000000-0000-4000-8000-000000000001',
    tier: 'fallback',
    title: 'Tone A',
    artist: 'Station',
    submitter: null,
    show: null,
    dj: null,
    durationSeconds: 12,
    startedAt: '2026-11-24T20:00:00Z',
    endedAt: '2026-11-24T20:02:00Z',
  },
];

describe('ListenerPage', () => {
  let fixture: ComponentFixture<ListenerPage>;
  let backend: HttpTestingController;
  let sources: FakeEventSource[];

  const el = () => fixture.nativeElement as HTMLElement;
  const render = () => TestBed.tick();
  const settle = (ms = 0) => {
    render();
    jest.advanceTimersByTime(ms);
    render();
  };
  const source = (path: string) => sources.find((s) => s.url.startsWith(path) && !s.closed);

  function create(token: string | null): void {
    if (token) localStorage.setItem(LISTENER_TOKEN_KEY, token);
    sources = [];
    TestBed.configureTestingModule({
      imports: [ListenerPage],
      providers: [...providePanelTesting(sources), provideRouter([])],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ListenerPage);
    settle();
    backend.expectOne('/api/queue').flush(QUEUE);
    const history = backend.expectOne((request) => request.url === '/api/history');
    expect(history.request.params.get('limit')).toBe('10');
    history.flush(HISTORY);
    source('/api/now-playing/events')?.emit(ON_AIR);
    render();
  }

  beforeEach(() => {
    jest.useFakeTimers();
    localStorage.clear();
  });

  afterEach(() => {
    backend.match('/api/queue').forEach((r) => r.cancelled || r.flush(QUEUE)); // Up next reloads every 10 s and on track changes
    backend.verify();
    fixture.destroy();
    TestBed.resetTestingModule();
    jest.useRealTimers();
  });

  describe('for anyone', () => {
    beforeEach(() => create(null));

    it('shows what is on air from the event stream: badge, title, submitter, progress; nothing unknown', () => {
      expect(textOf(el(), 'tier')).toBe('QUEUE');
      expect(textOf(el(), 'title')).toBe('Requested Song');
      expect(el().querySelector('[data-testid="artist"]')).toBeNull();
      expect(textOf(el(), 'submitter')).toBe('Queued by listener 3f2a');
      expect(el().textContent).not.toContain('Unknown');
      const bar = el().querySelector('[data-testid="track-progress"]');
      expect(bar?.getAttribute('aria-valuenow')).toBe('25');
      settle(20_000);
      expect(el().querySelector('[data-testid="track-progress"]')?.getAttribute('aria-valuenow')).toBe('35');
    });

    it('shows the live show and its description', () => {
      source('/api/now-playing/events')?.emit({
        ...ON_AIR,
        tier: 'live',
        title: 'Night Shift',
        artist: 'Deep cuts',
        submitter: null,
        durationSeconds: null,
        stream: { name: 'Night Shift', description: 'Deep cuts' },
      } satisfies NowPlaying);
      render();
      expect(textOf(el(), 'tier')).toBe('LIVE');
      expect(textOf(el(), 'show')).toBe('Live show: Night Shift');
      expect(textOf(el(), 'show-description')).toBe('Deep cuts');
      expect(el().querySelector('[data-testid="track-progress"]')).toBeNull();
    });

    it('says when the live DJ has gone quiet and the station plays on without them', () => {
      expect(el().querySelector('[data-testid="live-silent"]')).toBeNull();
      source('/api/now-playing/events')?.emit({ ...ON_AIR, tier: 'fallback', liveSilent: true } satisfies NowPlaying);
      render();
      expect(textOf(el(), 'live-silent')).toBe('The live DJ has gone quiet: back to them when their audio returns.');
    });

    it('lists what played recently, newest first, and follows the history events of the stream', () => {
      const plays = () =>
        Array.from(el().querySelectorAll('[data-testid="recently-played-entry"]')).map((row) => [
          row.querySelector('.song-title')?.textContent,
          row.querySelector('.line')?.textContent ?? null,
          row.classList.contains('current'),
        ]);
      expect(plays()).toEqual([
        ['Requested Song', 'queued by listener 3f2a', true],
        ['Tone A', 'Station', false],
      ]);
      source('/api/now-playing/events')?.emitNamed('history', {
        id: 'a0000000-0000-4000-8000-000000000003',
        tier: 'live',
        title: null,
        artist: null,
        submitter: null,
        show: 'Night Shift',
        dj: 'Ann',
        durationSeconds: null,
        startedAt: '2026-11-24T20:05:00Z',
        endedAt: null,
      } satisfies HistoryEntry);
      render();
      expect(plays()).toEqual([
        ['Night Shift', 'live with Ann', true],
        ['Requested Song', 'queued by listener 3f2a', false],
        ['Tone A', 'Station', false],
      ]);
    });

    it('marks only the song of the tier on air as current in Up next', () => {
      const rows = Array.from(el().querySelectorAll('[data-testid="up-next-song"]'));
      expect(rows.map((r) => [r.getAttribute('data-current'), r.querySelector('.song-title')?.textContent])).toEqual([
        ['true', 'Requested Song'],
        [null, 'Tone A'],
        [null, 'Tone B'],
      ]);
    });

    it('takes a pasted token, and shows the player', () => {
      expect(el().querySelector('[data-testid="submit-song"]')).toBeNull();
      expect(el().querySelector('audio[data-testid="stream-audio"]')).not.toBeNull();
      typeInto(el().querySelector('[data-testid="my-token"] input'), ' eyJ.pasted.jwt ');
      render();
      button('Use token', el()).click();
      settle();
      expect(localStorage.getItem(LISTENER_TOKEN_KEY)).toBe('eyJ.pasted.jwt');
      backend.expectOne('/api/queue/mine').flush({ limit: 3, used: 0, songs: [] });
      render();
      expect(el().querySelector('[data-testid="submit-song"]')).not.toBeNull();
      expect(source('/api/queue/events')?.url).toBe('/api/queue/events?token=eyJ.pasted.jwt');
    });
  });

  describe('with a listener token', () => {
    beforeEach(() => {
      localStorage.setItem(ADMIN_TOKEN_KEY, 'admin-secret');
      create('eyJ.listener.jwt');
      const mine = backend.expectOne('/api/queue/mine');
      expect(mine.request.headers.get('Authorization')).toBe('Bearer eyJ.listener.jwt');
      mine.flush(MINE);
      render();
    });

    const progress = (p: SongProgress) => {
      source('/api/queue/events')?.emit(p);
      render();
    };

    it('shows my songs with their progress, pushed over SSE, and the free slots', () => {
      expect(textOf(el(), 'free-slots')).toBe('2 of 3 slots free');
      expect(textOf(el(), 'song-status')).toBe('Downloading 10 %');

      progress({ id: SONG_ID, status: 'processing', percent: 60 });
      expect(textOf(el(), 'song-status')).toBe('Processing 60 %');
      progress({ id: SONG_ID, status: 'queued', position: 2 });
      expect(textOf(el(), 'song-status')).toBe('Queued at position 3');
      expect(el().querySelector('mat-progress-bar[aria-label^="Progress"]')).toBeNull();
      progress({ id: SONG_ID, status: 'failed', reason: 'not audio' });
      expect(textOf(el(), 'song-status')).toBe('Failed: not audio');
      expect(el().querySelector('[data-testid="delete-song"]')).toBeNull();
      settle(300);
      backend.expectOne('/api/queue/mine').flush({ limit: 3, used: 0, songs: [] });
    });

    it('sends a link with the listener token, never the admin one', () => {
      typeInto(el().querySelector('[data-testid="song-link"]'), 'https://example.org/song');
      render();
      button('Send', el()).click();
      const req = backend.expectOne('/api/queue/add');
      expect(req.request.method).toBe('POST');
      expect(req.request.headers.get('Authorization')).toBe('Bearer eyJ.listener.jwt');
      expect(req.request.body).toEqual({ url: 'https://example.org/song' });
      req.flush({ id: 'b2b2b2b2-0000-4000-8000-000000000002', status: 'downloading' });
      backend.expectOne('/api/queue/mine').flush(MINE);
      render();
      const names = Array.from(el().querySelectorAll('[data-testid="my-song"] .name')).map((n) => n.textContent);
      expect(names).toEqual(['Your song', 'https://example.org/song']);
    });

    it('sends a dropped file as multipart', () => {
      const file = new File(['ogg'], 'tone.ogg', { type: 'audio/ogg' });
      const drop = new Event('drop') as Event & { dataTransfer: { files: { item: (i: number) => File | null } } };
      drop.dataTransfer = { files: { item: (i: number) => (i === 0 ? file : null) } };
      el().querySelector('[data-testid="drop-zone"]')?.dispatchEvent(drop);
      render();
      expect(textOf(el(), 'drop-zone')).toContain('tone.ogg');
      button('Send', el()).click();
      const req = backend.expectOne('/api/queue/add');
      expect(req.request.body).toBeInstanceOf(FormData);
      expect((req.request.body as FormData).get('file')).toBeInstanceOf(File);
      req.flush({ id: 'c3c3c3c3-0000-4000-8000-000000000003', status: 'downloading' });
      backend.expectOne('/api/queue/mine').flush(MINE);
    });

    it('deletes one of my songs', () => {
      (el().querySelector('[data-testid="delete-song"]') as HTMLButtonElement).click();
      const req = backend.expectOne(`/api/queue/${SONG_ID}`);
      expect(req.request.method).toBe('DELETE');
      expect(req.request.headers.get('Authorization')).toBe('Bearer eyJ.listener.jwt');
      req.flush(null);
      backend.expectOne('/api/queue/mine').flush({ limit: 3, used: 0, songs: [] });
      progress({ id: SONG_ID, status: 'removed' });
      settle(300);
      backend.expectOne('/api/queue/mine').flush({ limit: 3, used: 0, songs: [] });
      render();
      expect(el().querySelector('[data-testid="my-song"]')).toBeNull();
      expect(textOf(el(), 'free-slots')).toBe('3 of 3 slots free');
    });

    it('keeps a deleted song gone when a late progress event of it arrives', () => {
      (el().querySelector('[data-testid="delete-song"]') as HTMLButtonElement).click();
      backend.expectOne(`/api/queue/${SONG_ID}`).flush(null);
      backend.expectOne('/api/queue/mine').flush({ limit: 3, used: 0, songs: [] });
      progress({ id: SONG_ID, status: 'removed' });
      // The download's progress, sent before the deletion reached it: `removed` is final.
      progress({ id: SONG_ID, status: 'processing', percent: 60 });
      settle(300);
      backend.expectOne('/api/queue/mine').flush({ limit: 3, used: 0, songs: [] });
      render();
      expect(el().querySelector('[data-testid="my-song"]')).toBeNull();
    });

    it('says so when the station refuses the token', () => {
      settle(300);
      backend.expectNone('/api/queue/mine');
      button('Send', el()).click(); // disabled: nothing to send
      backend.expectNone('/api/queue/add');
      typeInto(el().querySelector('[data-testid="song-link"]'), 'https://example.org/song');
      render();
      button('Send', el()).click();
      backend.expectOne('/api/queue/add').flush(...apiError(401, 'token revoked'));
      render();
      expect(el().querySelector('[data-testid="my-songs"] .error')?.textContent).toContain('expired or was revoked');
    });

    it('forgets the token on request, closing its event stream', () => {
      const stream = source('/api/queue/events');
      button('Remove', el()).click();
      render();
      expect(localStorage.getItem(LISTENER_TOKEN_KEY)).toBeNull();
      expect(stream?.closed).toBe(true);
      expect(el().querySelector('[data-testid="my-songs"]')).toBeNull();
    });
  });
});
