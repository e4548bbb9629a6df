import { DatePipe, DecimalPipe } from '@angular/common';
import { HttpContext } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { AdminRecordingsService, RecordingList } from '@h4k/api-client';
import { filter, finalize, switchMap } from 'rxjs';
import { loadOnEach } from '../core/api-state';
import { confirmAction } from '../core/confirm-dialog';
import { DurationPipe } from '../core/duration.pipe';
import { PageReload } from '../core/page-reload';
import { refreshTicks } from '../core/refresh';

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
  imports: [DatePipe, DecimalPipe, DurationPipe, MatButtonModule, MatCardModule, MatIconModule],
  template: `
    <mat-card appearance="outlined" data-testid="recordings">
      <mat-card-content>
        <h2 class="card-heading">Recordings of live sets</h2>
        @if (list(); as answer) {
          <p class="status" data-testid="recording-state" [class.bad]="answer.recording === 'paused'">
            {{ stateText[answer.recording] }}
            @if (answer.freeMb !== null) {
              · {{ answer.freeMb | number }} MB free
            }
            · kept {{ answer.retentionDays }} days
          </p>
          <ul class="recordings">
            @for (recording of answer.recordings; track recording.id) {
              <li class="recording" [attr.data-id]="recording.id" data-testid="recording-row">
                <div class="what">
                  <span class="show">{{ recording.show ?? 'Untitled set' }}</span>
                  <span class="meta">
                    {{ recording.dj }} · {{ recording.startedAt | date: 'medium' }} ·
                    {{ recording.durationSeconds | duration }} ·
                    {{ recording.sizeBytes / 1048576 | number: '1.1-1' }} MB
                  </span>
                </div>
                <div class="actions">
                  <button
                    mat-stroked-button
                    type="button"
                    data-testid="recording-play"
                    (click)="play(recording)"
                    [disabled]="loading() === recording.id"
                    [attr.aria-label]="'Play ' + label(recording)"
                  >
                    <mat-icon svgIcon="play_arrow" /> Play
                  </button>
                  <button
                    mat-stroked-button
                    type="button"
                    data-testid="recording-download"
                    (click)="download(recording)"
                    [disabled]="loading() === recording.id"
                    [attr.aria-label]="'Download ' + label(recording)"
                  >
                    <mat-icon svgIcon="download" /> Download
                  </button>
                  <button
                    mat-stroked-button
                    class="delete"
                    type="button"
                    data-testid="recording-delete"
                    (click)="remove(recording)"
                    [disabled]="busy()"
                    [attr.aria-label]="'Delete ' + label(recording)"
                  >
                    <mat-icon svgIcon="delete" /> Delete
                  </button>
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
            } @empty {
              <li class="muted" data-testid="no-recordings">No recording yet: every live set is recorded here.</li>
            }
          </ul>
        } @else {
          <p class="muted">{{ state().settled ? 'Could not load the recordings.' : 'Loading…' }}</p>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .status {
      margin: 0 0 12px;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .bad {
      color: var(--mat-sys-error);
    }
    .recordings {
      display: grid;
      gap: 12px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .recording {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 16px;
      padding: 12px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
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
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .delete {
      color: var(--mat-sys-error);
    }
    .player {
      flex: 1 1 100%;
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecordingListCard {
  private readonly api = inject(AdminRecordingsService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly reload = inject(PageReload);

  protected readonly stateText = RECORDING_STATE_TEXT;
  protected readonly busy = signal(false);
  /** The recording whose file is being fetched. */
  protected readonly loading = signal<string | null>(null);
  protected readonly playing = signal<{ id: string; url: string } | null>(null);
  protected readonly state = loadOnEach(refreshTicks(this.reload.reloads), (_tick, context: HttpContext) =>
    this.api.recordingsControllerList(undefined, context),
  );
  protected readonly list = computed(() => this.state().value);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  protected label(recording: Recording): string {
    return `${recording.show ?? 'the set'} by ${recording.dj}`;
  }

  protected play(recording: Recording): void {
    this.fetchFile(recording, (blob) => {
      this.stop();
      this.playing.set({ id: recording.id, url: URL.createObjectURL(blob) });
    });
  }

  protected download(recording: Recording): void {
    this.fetchFile(recording, (blob) => {
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `${recording.id}.opus`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
  }

  protected remove(recording: Recording): void {
    confirmAction(this.dialog, {
      title: 'Delete this recording?',
      message: `${this.label(recording)}, ${new Date(recording.startedAt).toLocaleString()}: the file is deleted for good.`,
      action: 'Delete',
    })
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.busy.set(true);
          return this.api.recordingsControllerRemove({ id: recording.id }).pipe(finalize(() => this.busy.set(false)));
        }),
      )
      .subscribe({
        next: () => {
          if (this.playing()?.id === recording.id) this.stop();
          this.snackBar.open('Recording deleted.', undefined, { duration: 3000 });
          this.reload.reload();
        },
        error: () => undefined,
      });
  }

  private fetchFile(recording: Recording, use: (blob: Blob) => void): void {
    this.loading.set(recording.id);
    this.api
      .recordingsControllerFile({ id: recording.id })
      .pipe(finalize(() => this.loading.set(null)))
      .subscribe({ next: use, error: () => undefined });
  }

  private stop(): void {
    const current = this.playing();
    if (current) URL.revokeObjectURL(current.url);
    this.playing.set(null);
  }
}
