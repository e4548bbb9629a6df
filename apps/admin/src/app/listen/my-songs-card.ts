import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { finalize } from 'rxjs';

import { STATUS_ICON, STATUS_TEXT } from '../core/submission-progress';
import { isRemovable, ListenerSongs, MySong } from './listener-songs';

/** The listener's songs with a progress bar each, a delete button while it waits, and the free slots. */
@Component({
  selector: 'h4k-my-songs-card',
  imports: [MatButtonModule, MatCardModule, MatIconModule, MatProgressBarModule],
  template: `
    <mat-card appearance="outlined" data-testid="my-songs">
      <mat-card-content>
        <div class="head">
          <h2 class="card-heading">My songs</h2>
          @if (songs.quota(); as quota) {
            <span class="quota" data-testid="free-slots">
              {{ quota.free }} of {{ quota.limit }} {{ quota.limit === 1 ? 'slot' : 'slots' }} free
            </span>
          }
        </div>
        <ul class="songs">
          @for (song of songs.songs(); track song.id) {
            <li data-testid="my-song" [attr.data-song-id]="song.id" [attr.data-status]="song.progress.status">
              <div class="line">
                <mat-icon aria-hidden="true" [svgIcon]="statusIcon[song.progress.status]" />
                <span class="name one-line" [title]="song.name ?? ''">{{ song.name ?? 'Your song' }}</span>
                @if (removable(song)) {
                  <button
                    mat-icon-button
                    type="button"
                    (click)="remove(song)"
                    [disabled]="removing() === song.id"
                    [attr.aria-label]="'Delete ' + (song.name ?? 'this song')"
                    data-testid="delete-song"
                  >
                    <mat-icon svgIcon="delete" />
                  </button>
                }
              </div>
              <span class="status" data-testid="song-status" aria-live="polite">{{ statusLine(song) }}</span>
              @if (song.progress.status === 'downloading' || song.progress.status === 'processing') {
                <mat-progress-bar
                  [mode]="song.progress.percent === undefined ? 'indeterminate' : 'determinate'"
                  [value]="song.progress.percent ?? 0"
                  [attr.aria-label]="'Progress of ' + (song.name ?? 'your song')"
                />
              }
            </li>
          } @empty {
            <li class="empty" data-testid="no-songs">Nothing sent yet.</li>
          }
        </ul>
        @if (songs.refused()) {
          <p class="error" role="status">The station refused this token: it expired or was revoked.</p>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .head .card-heading {
      margin: 0;
    }
    .head {
      display: flex;
      align-items: baseline;
      justify-content: space-between;
      flex-wrap: wrap;
      gap: 8px;
      margin-bottom: 8px;
    }
    .quota,
    .status,
    .empty {
      color: var(--mat-sys-on-surface-variant);
    }
    .songs {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 12px;
    }
    .line {
      display: flex;
      align-items: center;
      gap: 8px;
      min-height: 40px;
    }
    .status {
      display: block;
      margin: 0 0 4px 32px;
      font: var(--mat-sys-body-small);
      overflow-wrap: anywhere;
    }
    li[data-status='failed'] .status {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MySongsCard {
  protected readonly songs = inject(ListenerSongs);
  protected readonly statusIcon = STATUS_ICON;
  protected readonly removing = signal<string | null>(null);

  protected removable(song: MySong): boolean {
    return isRemovable(song.progress);
  }

  protected statusLine(song: MySong): string {
    const p = song.progress;
    const text = STATUS_TEXT[p.status];
    switch (p.status) {
      case 'downloading':
      case 'processing':
        return p.percent === undefined ? `${text}…` : `${text} ${Math.round(p.percent)} %`;
      case 'queued':
        if (p.position === undefined) return text;
        return p.position === 0 ? `${text}: plays next` : `${text} at position ${p.position + 1}`;
      case 'failed':
      case 'removed':
        return p.reason ? `${text}: ${p.reason}` : text;
      default:
        return text;
    }
  }

  protected remove(song: MySong): void {
    this.removing.set(song.id);
    this.songs
      .remove(song.id)
      .pipe(finalize(() => this.removing.set(null)))
      .subscribe({ error: () => undefined });
  }
}
