import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { QueueList, QueueService } from '@h4k/api-client';
import { map } from 'rxjs';

import { DurationPipe } from '../core/duration.pipe';
import { NowPlayingEvents } from '../core/now-playing-events';
import { loadWithPage } from '../core/page-data';
import { PanelCard } from '../core/panel-card';

type Song = QueueList['songs'][number];

const SECTIONS: readonly {
  tier: Song['tier'];
  heading: string;
  icon: string;
  empty: string;
  emptyTestid: string | null;
}[] = [
  {
    tier: 'user',
    heading: 'Listener queue',
    icon: 'person',
    empty: 'No listener songs waiting.',
    emptyTestid: 'no-user-songs',
  },
  {
    tier: 'fallback',
    heading: 'Then from the fallback playlist',
    icon: 'library_music',
    empty: 'The fallback playlist is empty.',
    emptyTestid: null,
  },
];

/** The public `GET /queue`: listeners' songs in play order, then the next fallback songs. */
@Component({
  selector: 'h4k-upcoming-card',
  imports: [DurationPipe, MatIconModule, MatListModule, PanelCard],
  template: `
    <h4k-card
      data-testid="upcoming"
      icon="queue_music"
      heading="Up next"
      subheading="What listeners hear after the current track"
      live
    >
      @if (state().value; as queue) {
        <mat-list>
          @for (section of sections(); track section.tier) {
            <h3 matSubheader>{{ section.heading }}</h3>
            @for (song of section.songs; track $index) {
              <mat-list-item data-testid="upcoming-song" [class.current-song]="onAir(song)">
                <mat-icon matListItemIcon aria-hidden="true" [svgIcon]="onAir(song) ? 'play_circle' : section.icon" />
                <span matListItemTitle>{{ song.title }}</span>
                <span matListItemLine>
                  @if (song.artist) {
                    {{ song.artist }} ·
                  }
                  {{ song.durationSeconds | duration }}
                  @if (section.tier === 'user' && song.submitter) {
                    · queued by {{ song.submitter }}
                  }
                  @if (onAir(song)) {
                    · on air
                  }
                </span>
              </mat-list-item>
            } @empty {
              <p class="empty muted" [attr.data-testid]="section.emptyTestid">{{ section.empty }}</p>
            }
          }
        </mat-list>
      } @else if (!state().settled) {
        <p class="empty muted">Loading…</p>
      }
      @if (state().failing) {
        <p class="error" role="status">Could not refresh the queue, retrying.</p>
      }
    </h4k-card>
  `,
  styles: `
    .empty {
      margin: 0 16px 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UpcomingCard {
  private readonly api = inject(QueueService);

  protected readonly state = loadWithPage((context) => this.api.queueControllerList(undefined, context));
  /** Listeners' songs first, then the fallback playlist's: the order they play in. */
  protected readonly sections = computed(() =>
    SECTIONS.map((section) => ({
      ...section,
      songs: this.state().value?.songs.filter((song) => song.tier === section.tier) ?? [],
    })),
  );
  private readonly onAirTier = toSignal(inject(NowPlayingEvents).states.pipe(map((np) => np.tier)), {
    initialValue: null,
  });

  /** Each playlist has a current song; only the one of the tier on air is heard (the other is held). */
  protected onAir(song: Song): boolean {
    return song.current && song.tier === this.onAirTier();
  }
}
