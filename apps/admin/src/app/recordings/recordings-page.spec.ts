import { RecordingList } from '@h4k/api-client';

import { PageHarness } from '../core/page-harness';
import { snackbarText } from '../core/testing';
import RecordingsPage from './recordings-page';

const LIST: RecordingList = {
  recording: 'on',
  freeMb: 20480,
  retentionDays: 30,
  recordings: [
    {
      id: '20261130T200000Z_dj-alice',
      dj: 'dj-alice',
      show: 'Night Shift',
      startedAt: '2026-11-30T20:00:00.000Z',
      durationSeconds: 3725,
      sizeBytes: 60_000_000,
    },
    {
      id: '20261129T180000Z_dj-bob',
      dj: 'dj-bob',
      show: null,
      startedAt: '2026-11-29T18:00:00.000Z',
      durationSeconds: 20.4,
      sizeBytes: 330_000,
    },
  ],
};

describe('RecordingsPage', () => {
  let view: PageHarness<RecordingsPage>;
  const el = () => view.el;
  const rows = () => Array.from(el().querySelectorAll('[data-testid="recording-row"]'));

  beforeEach(() => {
    URL.createObjectURL = jest.fn(() => 'blob:recording');
    URL.revokeObjectURL = jest.fn();
    view = new PageHarness(RecordingsPage, { admin: true });
    view.answer('/api/admin/recordings', LIST);
  });

  afterEach(() => view.stop({ '/api/admin/recordings': LIST }));

  it('lists each recording with show, DJ, length and size, and whether recording is on', () => {
    const text = rows().map((row) => row.textContent?.replace(/\s+/g, ' ').trim());
    expect(text[0]).toContain('Night Shift');
    expect(text[0]).toContain('dj-alice');
    expect(text[0]).toContain('1:02:05');
    expect(text[0]).toContain('57.2 MB');
    expect(text[1]).toContain('Untitled set');
    expect(text[1]).toContain('0:20');
    expect(el().querySelector('[data-testid="recording-state"]')?.textContent).toContain('Live sets are recorded');
  });

  it('says when recording is paused for want of disk space', () => {
    view.settle(10_000); // the next poll
    view.answer('/api/admin/recordings', { ...LIST, recording: 'paused', freeMb: 800 });
    expect(el().querySelector('[data-testid="recording-state"]')?.textContent).toContain(
      'Recording paused: the disk is nearly full',
    );
  });

  it('plays a recording fetched with the admin token', () => {
    (rows()[1]?.querySelector('[data-testid="recording-play"]') as HTMLButtonElement).click();
    const file = view.expectAuthorized('/api/admin/recordings/20261129T180000Z_dj-bob/file');
    expect(file.request.responseType).toBe('blob');
    file.flush(new Blob(['OggS'], { type: 'audio/ogg' }));
    view.settle();
    expect(el().querySelector('[data-testid="recording-audio"]')?.getAttribute('src')).toBe('blob:recording');
  });

  it('deletes a recording after a confirmation', () => {
    const open = () => rows()[0]?.querySelector('[data-testid="recording-delete"]') as HTMLButtonElement;
    const remove = view.confirmed(open, 'Delete this recording?', '/api/admin/recordings/20261130T200000Z_dj-alice');
    expect(remove.request.method).toBe('DELETE');
    remove.flush({ removed: true });
    view.settle();
    expect(snackbarText()).toContain('Recording deleted.');
  });
});
