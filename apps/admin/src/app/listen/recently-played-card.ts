import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatCardModule } from '@angular/material/card';
import { HistoryEntry, NowPlayingService } from '@h4k/api-client';
import { of, scan } from 'rxjs';

import { loadOnEach } from '../core/api-state';
import { NowPlayingEvents } from '../core/now-playing-events';
import { SONG_LIST_STYLES } from '../core/song-list.styles';
import { TierBadge } from '../core/tier-badge';

/**
 * Applies a pushed entry: the same id is the same play with more details; a new one goes on top
 * and ends the play before it (the gateway does the same in Redis).
 */
export function applyHistoryEntry(list: readonly HistoryEntry[], entry: HistoryEntry, limit: number): HistoryEntry[] {
  if (list.some((known) => known.id === entry.id)) {
    return list.map((known) => (known.id === entry.id ? { ...entry, endedAt: known.endedAt ?? entry.endedAt } : known));
  }
  const [head, ...rest] = list;
  const closed = head && head.endedAt === null ? [{ ...head, endedAt: entry.startedAt }, ...rest] : list;
  return [entry, ...closed].slice(0, limit);
}

/** `GET /history`, then kept current by the `history` events of the now-playing stream. */
@Component({
  selector: 'h4k-recently-played-card',
  imports: [DatePipe, MatCardModule, TierBadge],
  template: `
    <mat-card appearance="outlined" data-testid="recently-played">
      <mat-card-content aria-live="polite">
        <h2 class="card-heading">Recently played</h2>
        <ol class="songs">
          @for (play of plays(); track play.id) {
            <li data-testid="recently-played-entry" [class.current]="play.endedAt === null">
              <time class="when" [attr.datetime]="play.startedAt">{{ play.startedAt | date: 'shortTime' }}</time>
              <span class="what">
                <span class="song-title">{{ titleOf(play) }}</span>
                @if (lineOf(play); as line) {
                  <span class="line">{{ line }}</span>
                }
              </span>
              @if (play.endedAt === null) {
                <span class="tag">on air</span>
              } @else {
                <h4k-tier-badge class="small" [tier]="play.tier" />
              }
            </li>
          } @empty {
            <li class="empty">
              {{
                state().settled ? (state().failing ? 'Could not load the history.' : 'Nothing played yet.') : 'Loading…'
              }}
            </li>
          }
        </ol>
      </mat-card-content>
    </mat-card>
  `,
  styles: [
    SONG_LIST_STYLES,
    `
      .when {
        color: var(--mat-sys-on-surface-variant);
        font: var(--mat-sys-body-small);
        min-width: 4.5em;
        font-variant-numeric: tabular-nums;
      }
      .small {
        transform: scale(0.8);
        transform-origin: right center;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecentlyPlayedCard {
  /** How many plays are listed. */
  readonly limit = input(10);
  private readonly api = inject(NowPlayingService);

  protected readonly state = loadOnEach(of(undefined), (_key, context) =>
    this.api.historyControllerList({ limit: this.limit() }, context),
  );
  private readonly pushed = toSignal(
    inject(NowPlayingEvents).history.pipe(scan((all: HistoryEntry[], entry) => [...all, entry].slice(-50), [])),
    { initialValue: [] as HistoryEntry[] },
  );
  protected readonly plays = computed(() =>
    this.pushed().reduce(
      (list, entry) => applyHistoryEntry(list, entry, this.limit()),
      (this.state().value ?? []).slice(0, this.limit()),
    ),
  );

  protected titleOf(play: HistoryEntry): string {
    if (play.tier === 'live') return play.show ?? play.title ?? 'Live set';
    return play.title ?? 'Untitled';
  }

  protected lineOf(play: HistoryEntry): string {
    const parts =
      play.tier === 'live'
        ? [play.dj ? `live with ${play.dj}` : 'live']
        : [play.artist, play.submitter ? `queued by ${play.submitter}` : null];
    return parts.filter(Boolean).join(' · ');
  }
}
