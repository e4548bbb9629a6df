import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { AdminSession } from '../core/admin-session';
import { AdminSignIn } from '../core/admin-sign-in';
import { PageReload } from '../core/page-reload';
import { AddWebhookCard } from './add-webhook-card';
import { WebhookListCard } from './webhook-list-card';

/** Webhooks: add one (its signing secret shown once), list them with their state, read each one's deliveries. */
@Component({
  selector: 'h4k-webhooks-page',
  imports: [AddWebhookCard, AdminSignIn, WebhookListCard],
  providers: [PageReload],
  template: `
    <h1 class="page-title">Webhooks</h1>
    @if (session.signedIn()) {
      <h4k-add-webhook-card />
      <h4k-webhook-list-card />
    } @else {
      <h4k-admin-sign-in purpose="Sign in to add webhooks and read their deliveries." />
    }
  `,
  host: { class: 'page-stack' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class WebhooksPage {
  protected readonly session = inject(AdminSession);
}
