import { ChangeDetectionStrategy, Component } from '@angular/core';

import { AdminOnly } from '../core/admin-sign-in';
import { PageReload } from '../core/page-reload';
import { DjTokenCard } from './dj-token-card';
import { DjUsageCard } from './dj-usage-card';
import { OnAirCard } from './on-air-card';

/** Live DJs (admin only): who is on the harbor, their allowances, and new DJ tokens. */
@Component({
  selector: 'h4k-live-page',
  imports: [AdminOnly, DjTokenCard, DjUsageCard, OnAirCard],
  providers: [PageReload],
  template: `
    <h1 class="page-title">Live DJs</h1>
    <ng-container *h4kAdminOnly="'Sign in to manage live DJs.'">
      <div class="card-pair">
        <h4k-on-air-card />
        <h4k-dj-token-card />
      </div>
      <h4k-dj-usage-card />
    </ng-container>
  `,
  host: { class: 'page-stack' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class LivePage {}
