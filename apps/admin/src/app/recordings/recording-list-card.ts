import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { AdminRecordingsService, RecordingList } from '@h4k/api-client';
import { finalize } from 'rxjs';

import { actionRunner } from '../core/action-runner';
import { DurationPipe } from '../core/duration.pipe';
import { loadWithPage } from '../core/page-data';
import { PanelCard } from '../core/panel-card';
import { RowAction, RowActions } from '../core/row-actions';
import { RowList, RowListTexts, RowTemplate } from '../core/row-list';
import { ROW_LIST_STYLES } from '../core/row-list.styles';

type Recording = RecordingList['recordings'][number];

const RECORDING_STATE_TEXT: Readonly<Record<RecordingList['recording'], string>> = {
  on: 'Live sets are recorded',
  paused: 'Recording paused: the disk is nearly full',
  off: 'Recording is off (RECORDINGS=false)',
};

/**
 * `GET /admin/recordings`. The file needs the admin token, which an `<audio src>` cannot send: it is
 * fetched with the token and played or saved from memory (a blob URL, allowed by the panel's CSP).
 */
@Component({
  selector: 'h4k-recording-list-card',
  imports: [DatePipe, DecimalPipe, DurationPipe, PanelCard, RowActions, RowList, RowTemplate],
  template: `
    <h4k-card data-testid="recordings" heading="Recordings of live sets">
      @if (list(); as answer) {
        <p class="status" data-testid="recording-state" [class.bad]="answer.recording === 'paused'">
          {{ stateText[answer.recording] }}
          @if (answer.freeMb !== null) {
            · {{ answer.freeMb | number }} MB free
          }
          · kept {{ answer.retentionDays }} days
        </p>
      }
      <h4k-row-list [settled]="state().settled" [texts]="texts">
        <li
          *h4kRow="let recording of list()?.recordings; key: recordingKey"
          class="row"
          [attr.data-id]="recording.id"
          data-testid="recording-row"
        >
          <div class="what">
            <span class="show">{{ recording.show ?? 'Untitled set' }}</span>
            <span class="meta">
              {{ recording.dj }} · {{ recording.startedAt | date: 'medium' }} ·
              {{ recording.durationSeconds | duration }} · {{ recording.sizeBytes / 1048576 | number: '1.1-1' }} MB
            </span>
          </div>
          <div class="actions">
            <h4k-row-actions [row]="recording" [actions]="rowActions" />
          </div>
          @if (playing()?.id === recording.id) {
            <audio
              class="player"
              controls
              autoplay
              data-testid="recording-audio"
              [src]="playing()?.url"
              [attr.aria-label]="label(recording)"
            ></audio>
          }
        </li>
      </h4k-row-list>
    </h4k-card>
  `,
  styles: [
    ROW_LIST_STYLES,
    `
      .status {
        margin: 0 0 12px;
        font: var(--mat-sys-body-medium);
        color: var(--mat-sys-on-surface-variant);
      }
      .bad {
        color: var(--mat-sys-error);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px 16px;
      }
      .what {
        flex: 1 1 240px;
        display: grid;
        gap: 2px;
        min-width: 0;
      }
      .show {
        font: var(--mat-sys-title-small);
        overflow-wrap: anywhere;
      }
      .meta {
        font: var(--mat-sys-body-small);
        color: var(--mat-sys-on-surface-variant);
        overflow-wrap: anywhere;
      }
      .player {
        flex: 1 1 100%;
        width: 100%;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecordingListCard {
  private readonly api = inject(AdminRecordingsService);

  protected readonly stateText = RECORDING_STATE_TEXT;
  protected readonly actions = actionRunner();
  /** The recording whose file is being fetched. */
  protected readonly loading = signal<string | null>(null);
  protected readonly playing = signal<{ id: string; url: string } | null>(null);
  protected readonly state = loadWithPage((context) => this.api.recordingsControllerList(undefined, context));
  protected readonly list = computed(() => this.state().value);
  protected readonly recordingKey = (recording: Recording): string => recording.id;
  protected readonly texts: RowListTexts = {
    empty: 'No recording yet: every live set is recorded here.',
    emptyTestid: 'no-recordings',
    failed: 'Could not load the recordings.',
  };
  protected readonly rowActions: readonly RowAction<Recording>[] = [
    this.fileAction('Play', 'play_arrow', (recording, blob) => {
      this.stop();
      this.playing.set({ id: recording.id, url: URL.createObjectURL(blob) });
    }),
    this.fileAction('Download', 'download', (recording, blob) => {
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `${recording.id}.opus`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }),
    {
      icon: 'delete',
      label: 'Delete',
      testid: 'recording-delete',
      danger: true,
      ariaLabel: (recording) => `Delete ${this.label(recording)}`,
      disabled: () => this.actions.busy(),
      run: (recording) => this.remove(recording),
    },
  ];

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  protected label(recording: Recording): string {
    return `${recording.show ?? 'the set'} by ${recording.dj}`;
  }

  protected remove(recording: Recording): void {
    this.actions.confirmThenRun(
      {
        title: 'Delete this recording?',
        message: `${this.label(recording)}, ${new Date(recording.startedAt).toLocaleString()}: the file is deleted for good.`,
        action: 'Delete',
      },
      () => this.api.recordingsControllerRemove({ id: recording.id }),
      () => {
        if (this.playing()?.id === recording.id) this.stop();
        return 'Recording deleted.';
      },
    );
  }

  /** Play and Download: both fetch the file with the admin token first, then use it. */
  private fileAction(
    label: string,
    icon: string,
    use: (recording: Recording, blob: Blob) => void,
  ): RowAction<Recording> {
    return {
      icon,
      label,
      testid: `recording-${label.toLowerCase()}`,
      ariaLabel: (recording) => `${label} ${this.label(recording)}`,
      disabled: (recording) => this.loading() === recording.id,
      run: (recording) => {
        this.loading.set(recording.id);
        this.api
          .recordingsControllerFile({ id: recording.id })
          .pipe(finalize(() => this.loading.set(null)))
          .subscribe({ next: (blob) => use(recording, blob), error: () => undefined });
      },
    };
  }

  private stop(): void {
    const current = this.playing();
    if (current) URL.revokeObjectURL(current.url);
    this.playing.set(null);
  }
}
