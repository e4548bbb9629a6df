import { LibraryPage as Page } from '@h4k/api-client';

import { PageHarness } from '../core/page-harness';
import { apiError, button, snackbarText, textOf, typeInto } from '../core/testing';
import LibraryPage from './library-page';

const SONG_A = { id: 'f_dG9uZS1h', file: 'tone-a.opus', title: 'Tone A', artist: 'h4kstream', durationSeconds: 12 };
const SONG_B = {
  id: '6a1f0000-0000-4000-8000-000000000002',
  file: 'b.opus',
  title: 'Tone B',
  artist: null,
  durationSeconds: null,
};
const PAGE_1: Page = { songs: [SONG_A, SONG_B], total: 120, page: 1, pageSize: 50 };
const LIST = '/api/admin/library?page=1&page_size=50';
const SUBMISSION = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

describe('LibraryPage', () => {
  let view: PageHarness<LibraryPage>;

  const el = () => view.el;
  const addCard = () => el().querySelector('[data-testid="add-song"]') as HTMLElement;
  const render = () => view.render();
  const settle = (ms?: number) => view.settle(ms);
  const rows = () =>
    Array.from(el().querySelectorAll('[data-testid="song-row"]')).map((r) =>
      Array.from(r.querySelectorAll('td'))
        .slice(0, 3)
        .map((td) => td.textContent?.replace(/\s+/g, ' ').trim()),
    );

  beforeEach(() => {
    view = new PageHarness(LibraryPage, { admin: true });
  });

  afterEach(() => view.stop());

  function answerList(url = LIST, page: Page = PAGE_1): void {
    const req = view.backend.expectOne(url);
    expect(req.request.method).toBe('GET');
    expect(req.request.headers.get('Authorization')).toBe('Bearer sesame');
    req.flush(page);
    render();
  }

  it('shows a page of the library from GET /api/admin/library', () => {
    answerList();
    expect(rows()).toEqual([
      ['Tone A tone-a.opus', 'h4kstream', '0:12'],
      ['Tone B b.opus', '—', '—'],
    ]);
    expect(el().querySelector('.mat-mdc-paginator-range-label')?.textContent?.trim()).toBe('1 – 50 of 120');
  });

  it('searches 300 ms after the last keystroke, from page 1', () => {
    answerList();
    (el().querySelector('button[aria-label="Next page"]') as HTMLButtonElement).click();
    settle();
    answerList('/api/admin/library?page=2&page_size=50', { ...PAGE_1, page: 2 });

    const search = el().querySelector<HTMLInputElement>('[data-testid="search"]');
    typeInto(search, 'to');
    settle(200);
    typeInto(search, 'tone ');
    settle(299);
    view.backend.expectNone((r) => r.url === '/api/admin/library');
    settle(1);
    answerList('/api/admin/library?page=1&page_size=50&search=tone', { ...PAGE_1, total: 2 });
    expect(el().querySelector('.mat-mdc-paginator-range-label')?.textContent?.trim()).toBe('1 – 2 of 2');
  });

  it('adds a song by link and follows it until it is in the library', () => {
    answerList();
    typeInto(addCard().querySelector('input[type="url"]'), 'https://example.org/track');
    render();
    button('Add', addCard()).click();

    const req = view.backend.expectOne('/api/admin/library');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ url: 'https://example.org/track' });
    req.flush({ id: SUBMISSION, status: 'downloading' });
    settle();

    view.backend.expectOne(`/api/queue/${SUBMISSION}`).flush({ id: SUBMISSION, status: 'processing', percent: 80 });
    render();
    expect(textOf(addCard(), 'submission-status')).toBe('Processing 80 %');

    settle(2000);
    view.backend.expectOne(`/api/queue/${SUBMISSION}`).flush({ id: SUBMISSION, status: 'added' });
    render();
    expect(textOf(addCard(), 'submission-status')).toBe('Added to the library');
    answerList(); // the table reloads with the new song
  });

  it('uploads a file as multipart and shows why processing failed', () => {
    answerList();
    button('File', addCard()).click();
    render();
    const file = new File(['ID3'], 'my song.mp3', { type: 'audio/mpeg' });
    const input = addCard().querySelector<HTMLInputElement>('[data-testid="file-input"]');
    Object.defineProperty(input, 'files', { value: { length: 1, item: () => file, 0: file } });
    input?.dispatchEvent(new Event('change'));
    typeInto(addCard().querySelectorAll<HTMLInputElement>('input[formcontrolname="artist"]')[0], 'Me');
    render();
    expect(textOf(addCard(), 'file-name')).toBe('my song.mp3');
    button('Upload', addCard()).click();

    const req = view.backend.expectOne('/api/admin/library');
    const body = req.request.body as FormData;
    expect(body).toBeInstanceOf(FormData);
    expect((body.get('file') as File).name).toBe('my song.mp3');
    expect(body.get('artist')).toBe('Me');
    expect(body.has('title')).toBe(false);
    req.flush({ id: SUBMISSION, status: 'downloading' });
    settle();

    view.backend
      .expectOne(`/api/queue/${SUBMISSION}`)
      .flush({ id: SUBMISSION, status: 'failed', reason: 'not an audio file' });
    render();
    expect(textOf(addCard(), 'submission-status')).toBe('Failed — not an audio file');
    settle(2000);
    view.backend.expectNone(`/api/queue/${SUBMISSION}`);
  });

  it('edits tags in a dialog and sends only what changed', () => {
    answerList();
    (el().querySelector('[aria-label="Edit tags of Tone A"]') as HTMLButtonElement).click();
    settle();
    typeInto(document.querySelector<HTMLInputElement>('[data-testid="edit-title"]'), ' Tone A (live) ');
    settle();
    (document.querySelector('[data-testid="edit-save"]') as HTMLButtonElement).click();
    settle(500);

    const req = view.backend.expectOne(`/api/admin/library/${SONG_A.id}`);
    expect(req.request.method).toBe('PATCH');
    expect(req.request.body).toEqual({ title: 'Tone A (live)' });
    req.flush({ ...SONG_A, title: 'Tone A (live)' });
    render();
    expect(snackbarText()).toBe('Saved “Tone A (live)”.');
    answerList();
  });

  it('deletes a song after confirmation', () => {
    answerList();
    const deleteB = () => el().querySelector('[aria-label="Delete Tone B"]') as HTMLButtonElement;
    const req = view.confirmed(deleteB, 'Tone B', `/api/admin/library/${SONG_B.id}`);
    expect(req.request.method).toBe('DELETE');
    req.flush({ removed: true });
    answerList(LIST, { ...PAGE_1, songs: [SONG_A], total: 119 });
    expect(rows().map((r) => r[0])).toEqual(['Tone A tone-a.opus']);
  });

  it('shows the API message when a change is refused', () => {
    answerList();
    (el().querySelector('[aria-label="Delete Tone A"]') as HTMLButtonElement).click();
    settle();
    (document.querySelector('[data-testid="confirm-ok"]') as HTMLButtonElement).click();
    settle(500);

    view.backend.expectOne(`/api/admin/library/${SONG_A.id}`).flush(...apiError(404, 'no such library song'));
    render();
    expect(snackbarText()).toContain('no such library song');
    expect(rows()).toHaveLength(2);
  });
});
