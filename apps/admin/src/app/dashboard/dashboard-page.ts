import { ChangeDetectionStrategy, Component } from '@angular/core';

import { AdminOnly } from '../core/admin-sign-in';
import { PageReload } from '../core/page-reload';
import { NowPlayingCard } from '../listen/now-playing-card';
import { RecentlyPlayedCard } from '../listen/recently-played-card';
import { OnAirCard } from '../live/on-air-card';
import { HealthCard } from './health-card';
import { StationCards } from './station-cards';

/**
 * The admin's first page: what is on air, who listens, whether every part is up, the live slot,
 * both players, downloads in flight, and what played recently.
 */
@Component({
  selector: 'h4k-dashboard-page',
  imports: [AdminOnly, HealthCard, NowPlayingCard, OnAirCard, RecentlyPlayedCard, StationCards],
  providers: [PageReload],
  template: `
    <h1 class="page-title">Dashboard</h1>
    <ng-container *h4kAdminOnly="signInPurpose">
      <div class="grid">
        <h4k-now-playing-card />
        <h4k-on-air-card />
        <h4k-recently-played-card class="wide" />
        <h4k-health-card class="wide" />
        <h4k-station-cards class="wide" />
      </div>
    </ng-container>
  `,
  styles: `
    :host,
    .grid {
      display: grid;
      gap: 16px;
      grid-template-columns: minmax(0, 1fr);
      align-content: start;
    }
    @media (min-width: 840px) {
      .grid {
        grid-template-columns: repeat(2, minmax(0, 1fr));
        align-items: start;
      }
      .wide {
        grid-column: 1 / -1;
      }
      h4k-station-cards {
        grid-template-columns: repeat(2, minmax(0, 1fr));
        align-items: start;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class DashboardPage {
  // Here, not in the template: the apostrophe would need escaping inside a quoted binding.
  protected readonly signInPurpose = "Sign in to see the station's dashboard.";
}
