import { ChangeDetectionStrategy, Component } from '@angular/core';

import { AdminOnly } from '../core/admin-sign-in';
import { PageReload } from '../core/page-reload';
import { AddWebhookCard } from './add-webhook-card';
import { WebhookListCard } from './webhook-list-card';

/** Webhooks: add one (its signing secret shown once), list them with their state, read each one's deliveries. */
@Component({
  selector: 'h4k-webhooks-page',
  imports: [AddWebhookCard, AdminOnly, WebhookListCard],
  providers: [PageReload],
  template: `
    <h1 class="page-title">Webhooks</h1>
    <ng-container *h4kAdminOnly="'Sign in to add webhooks and read their deliveries.'">
      <h4k-add-webhook-card />
      <h4k-webhook-list-card />
    </ng-container>
  `,
  host: { class: 'page-stack' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class WebhooksPage {}
