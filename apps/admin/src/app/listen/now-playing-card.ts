import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { NowPlaying } from '@h4k/api-client';
import { map, timer } from 'rxjs';

import { DurationPipe } from '../core/duration.pipe';
import { NowPlayingEvents } from '../core/now-playing-events';
import { TierBadge } from '../core/tier-badge';

interface Received {
  readonly nowPlaying: NowPlaying;
  /** Browser clock when it arrived: elapsed counts on from here, whatever the server's clock says. */
  readonly at: number;
}

/** What is on air, pushed by `GET /now-playing/events`; fields the station does not know are left out. */
@Component({
  selector: 'h4k-now-playing-card',
  imports: [DatePipe, DurationPipe, MatCardModule, MatProgressBarModule, TierBadge],
  template: `
    <mat-card appearance="outlined" data-testid="now-playing">
      <mat-card-content aria-live="polite">
        <h2 class="card-heading">Now playing</h2>
        @if (received(); as r) {
          @let np = r.nowPlaying;
          <div class="badge-line">
            <h4k-tier-badge [tier]="np.tier" />
            <span class="since">since {{ np.since | date: 'shortTime' }}</span>
          </div>
          @if (np.title) {
            <p class="title" data-testid="title">{{ np.title }}</p>
          }
          @if (np.tier === 'live') {
            @if (np.stream?.description; as description) {
              <p class="artist" data-testid="show-description">{{ description }}</p>
            }
          } @else if (np.artist) {
            <p class="artist" data-testid="artist">{{ np.artist }}</p>
          }
          @if (np.tier === 'live' && np.stream?.name; as show) {
            <p class="detail" data-testid="show">Live show: {{ show }}</p>
          }
          @if (np.submitter) {
            <p class="detail" data-testid="submitter">Queued by {{ np.submitter }}</p>
          }
          @if (np.liveSilent) {
            <p class="detail" data-testid="live-silent">
              The live DJ has gone quiet: back to them when their audio returns.
            </p>
          }
          @if (np.durationSeconds; as duration) {
            <mat-progress-bar
              mode="determinate"
              [value]="percent()"
              [attr.aria-label]="'Played ' + (elapsed() | duration) + ' of ' + (duration | duration)"
              data-testid="track-progress"
            />
            <p class="times">
              <span>{{ elapsed() | duration }}</span><span>{{ duration | duration }}</span>
            </p>
          } @else if (np.tier !== 'noise') {
            <p class="times">on air for {{ elapsed() | duration }}</p>
          }
        } @else {
          <p class="detail">Tuning in…</p>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .badge-line {
      display: flex;
      align-items: center;
      gap: 12px;
      flex-wrap: wrap;
    }
    .since,
    .detail,
    .times {
      color: var(--mat-sys-on-surface-variant);
    }
    .title {
      margin: 12px 0 4px;
      font: var(--mat-sys-headline-small);
      overflow-wrap: anywhere;
    }
    .artist {
      margin: 0;
      font: var(--mat-sys-title-medium);
      overflow-wrap: anywhere;
    }
    .detail {
      margin: 8px 0 0;
      overflow-wrap: anywhere;
    }
    mat-progress-bar {
      margin-top: 16px;
    }
    .times {
      display: flex;
      justify-content: space-between;
      margin: 4px 0 0;
      font: var(--mat-sys-body-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NowPlayingCard {
  protected readonly received = toSignal(
    inject(NowPlayingEvents).states.pipe(map((nowPlaying): Received => ({ nowPlaying, at: Date.now() }))),
    { initialValue: null },
  );
  private readonly clock = toSignal(timer(0, 1000).pipe(map(() => Date.now())), { initialValue: Date.now() });

  protected readonly elapsed = computed(() => {
    const r = this.received();
    if (!r) return 0;
    const elapsed = r.nowPlaying.elapsedSeconds + Math.max(0, this.clock() - r.at) / 1000;
    const duration = r.nowPlaying.durationSeconds;
    return duration ? Math.min(elapsed, duration) : elapsed;
  });
  protected readonly percent = computed(() => {
    const duration = this.received()?.nowPlaying.durationSeconds;
    return duration ? (100 * this.elapsed()) / duration : 0;
  });
}
