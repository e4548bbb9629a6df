import { DecimalPipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  InjectionToken,
  input,
  output,
  Signal,
  signal,
} from '@angular/core';
import { outputFromObservable, toObservable } from '@angular/core/rxjs-interop';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { QueueService, SongProgress } from '@h4k/api-client';
import { filter, take, takeWhile, timer } from 'rxjs';

import { ApiState, loadOnEach } from './api-state';

/** How often a submission's status is asked for while it downloads. */
export const SUBMISSION_POLL_MS = new InjectionToken<number>('SUBMISSION_POLL_MS', {
  providedIn: 'root',
  factory: () => 2000,
});

type Status = SongProgress['status'];

export const STATUS_TEXT: Readonly<Record<Status, string>> = {
  downloading: 'Downloading',
  processing: 'Processing',
  queued: 'Queued',
  added: 'Added to the library',
  playing: 'Playing now',
  played: 'Played',
  removed: 'Removed',
  failed: 'Failed',
};

export const STATUS_ICON: Readonly<Record<Status, string>> = {
  downloading: 'downloading',
  processing: 'graphic_eq',
  queued: 'queue_music',
  added: 'library_add_check',
  playing: 'play_circle',
  played: 'check_circle',
  removed: 'do_not_disturb_on',
  failed: 'error',
};

/** Downloading or processing: any other status is where the song ended up. */
export function isWorking(progress: SongProgress | undefined): boolean {
  return progress === undefined || progress.status === 'downloading' || progress.status === 'processing';
}

/** Follows one submission on `GET /queue/{id}` until it is queued, added or failed. */
@Component({
  selector: 'h4k-submission-progress',
  imports: [DecimalPipe, MatIconModule, MatProgressBarModule],
  template: `
    <div class="line">
      <mat-icon aria-hidden="true" [svgIcon]="icon()" />
      <span class="name one-line" [title]="name()">{{ name() }}</span>
      <span class="status" data-testid="submission-status" aria-live="polite">
        @if (progress(); as p) {
          {{ statusText[p.status] }}
          @if (p.percent !== undefined && working()) {
            {{ p.percent | number: '1.0-0' }} %
          }
          @if (p.reason) {
            — {{ p.reason }}
          }
        } @else {
          Sent, waiting for news…
        }
      </span>
    </div>
    @if (working()) {
      <mat-progress-bar
        [mode]="progress()?.percent === undefined ? 'indeterminate' : 'determinate'"
        [value]="progress()?.percent ?? 0"
        [attr.aria-label]="'Progress of ' + name()"
      />
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .line {
      display: flex;
      align-items: center;
      gap: 8px;
      margin-bottom: 4px;
    }
    .status {
      color: var(--mat-sys-on-surface-variant);
    }
    :host([data-status='failed']) .status {
      color: var(--mat-sys-error);
    }
  `,
  host: { '[attr.data-status]': 'progress()?.status ?? null' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubmissionProgress {
  readonly songId = input.required<string>();
  /** What was sent: a link or a file name. */
  readonly name = input.required<string>();

  private readonly api = inject(QueueService);
  protected readonly statusText = STATUS_TEXT;

  private readonly state: Signal<ApiState<SongProgress>> = loadOnEach(
    // Inputs are set before the first tick fires; polling stops once the song got somewhere.
    timer(0, inject(SUBMISSION_POLL_MS)).pipe(takeWhile(() => isWorking(this.progress()))),
    (_tick, context) => this.api.queueControllerStatus({ id: this.songId() }, context),
  );

  readonly progress: Signal<SongProgress | undefined> = computed(() => this.state().value);
  protected readonly working = computed(() => isWorking(this.progress()));
  protected readonly icon = computed(() => {
    const progress = this.progress();
    return progress ? STATUS_ICON[progress.status] : 'upload';
  });

  /** Emits once, with the status the song ended up in (queued, added, failed…). */
  readonly finished = outputFromObservable(
    toObservable(this.progress).pipe(
      filter((p): p is SongProgress => !isWorking(p)),
      take(1),
    ),
  );
}

/** A song a card sent: its id, and what to call it (a title, link or file name). */
export interface SentSong {
  readonly id: string;
  readonly name: string;
}

/** The last five songs a card sent, newest first, each followed until it got somewhere. */
@Component({
  selector: 'h4k-sent-songs',
  imports: [SubmissionProgress],
  template: `
    @for (song of songs(); track song.id) {
      <h4k-submission-progress
        class="progress"
        [songId]="song.id"
        [name]="song.name"
        (finished)="finished.emit($event)"
      />
    }
  `,
  styles: `
    :host {
      display: contents;
    }
    .progress {
      margin: 0 16px 12px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SentSongs {
  /** Each followed song's final status (queued, added, failed…). */
  readonly finished = output<SongProgress>();
  protected readonly songs = signal<readonly SentSong[]>([]);

  add(song: SentSong): void {
    this.songs.update((list) => [song, ...list].slice(0, 5));
  }
}
