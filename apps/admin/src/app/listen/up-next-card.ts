import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatCardModule } from '@angular/material/card';
import { QueueList, QueueService } from '@h4k/api-client';
import { map } from 'rxjs';

import { loadOnEach } from '../core/api-state';
import { DurationPipe } from '../core/duration.pipe';
import { NowPlayingEvents } from '../core/now-playing-events';
import { refreshTicks } from '../core/refresh';
import { SONG_LIST_STYLES } from '../core/song-list.styles';

type QueuedSong = QueueList['songs'][number];

/** How many songs after the current one are listed. */
const UP_NEXT_LENGTH = 5;

/**
 * `GET /queue` for listeners: the song on air (only the current song of the tier on air: the
 * other playlist's "current" song is merely held), then what follows.
 */
@Component({
  selector: 'h4k-up-next-card',
  imports: [DurationPipe, MatCardModule],
  template: `
    <mat-card appearance="outlined" data-testid="up-next">
      <mat-card-content aria-live="polite">
        <h2 class="card-heading">Up next</h2>
        <ol class="songs">
          @if (onAir(); as song) {
            <li class="current" data-testid="up-next-song" data-current="true">
              <span class="what">
                <span class="song-title">{{ song.title }}</span>
                <span class="line">{{ describe(song) }}</span>
              </span>
              <span class="tag">on air</span>
            </li>
          }
          @for (song of next(); track $index) {
            <li data-testid="up-next-song">
              <span class="what">
                <span class="song-title">{{ song.title }}</span>
                <span class="line">{{ describe(song) }}</span>
              </span>
              <span class="tag">{{ song.durationSeconds | duration }}</span>
            </li>
          } @empty {
            @if (state().settled) {
              <li class="empty">Nothing queued: the station's playlist goes on.</li>
            }
          }
        </ol>
      </mat-card-content>
    </mat-card>
  `,
  styles: SONG_LIST_STYLES,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UpNextCard {
  private readonly api = inject(QueueService);
  private readonly events = inject(NowPlayingEvents);
  private readonly onAirTier = toSignal(this.events.states.pipe(map((np) => np.tier)), { initialValue: null });

  protected readonly state = loadOnEach(refreshTicks(), (_tick, context) =>
    this.api.queueControllerList(undefined, context),
  );
  protected readonly onAir = computed<QueuedSong | null>(
    () => this.state().value?.songs.find((s) => s.current && s.tier === this.onAirTier()) ?? null,
  );
  protected readonly next = computed(() =>
    (this.state().value?.songs ?? []).filter((s) => s !== this.onAir()).slice(0, UP_NEXT_LENGTH),
  );

  protected describe(song: QueuedSong): string {
    const parts = [song.artist, song.submitter ? `queued by ${song.submitter}` : null];
    if (song.tier === 'fallback') parts.push("station's playlist");
    return parts.filter(Boolean).join(' · ');
  }
}
