import { ChangeDetectionStrategy, Component } from '@angular/core';

import { AdminOnly } from '../core/admin-sign-in';
import { PageReload } from '../core/page-reload';
import { AddToQueueCard } from './add-to-queue-card';
import { ListenerTokenCard } from './listener-token-card';
import { PlaylistCard } from './playlist-card';
import { UpcomingCard } from './upcoming-card';

/** The public upcoming list for everyone; playlist control, submissions and tokens for the admin. */
@Component({
  selector: 'h4k-queue-page',
  imports: [AddToQueueCard, AdminOnly, ListenerTokenCard, PlaylistCard, UpcomingCard],
  providers: [PageReload],
  template: `
    <h1 class="page-title">Queue</h1>
    <h4k-upcoming-card />
    <ng-container *h4kAdminOnly="'Sign in to control playback, add songs and mint listener tokens.'">
      <h4k-playlist-card />
      <div class="card-pair">
        <h4k-add-to-queue-card />
        <h4k-listener-token-card />
      </div>
    </ng-container>
  `,
  host: { class: 'page-stack' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class QueuePage {}
