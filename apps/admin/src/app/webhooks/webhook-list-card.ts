import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { AdminWebhooksService, Webhook, WebhookDelivery } from '@h4k/api-client';
import { of } from 'rxjs';

import { actionRunner } from '../core/action-runner';
import { loadWithPage } from '../core/page-data';
import { PageReload } from '../core/page-reload';
import { PanelCard } from '../core/panel-card';
import { RowAction, RowActions } from '../core/row-actions';
import { RowList, RowListTexts, RowTemplate } from '../core/row-list';
import { ROW_LIST_STYLES } from '../core/row-list.styles';

/** `GET /admin/webhooks`: each with its state; its deliveries on demand; turn off/on, delete. */
@Component({
  selector: 'h4k-webhook-list-card',
  imports: [DatePipe, PanelCard, RowActions, RowList, RowTemplate],
  template: `
    <h4k-card data-testid="webhooks" heading="Webhooks">
      <h4k-row-list [settled]="state().settled" [texts]="texts">
        <li
          *h4kRow="let hook of hooks(); key: hookKey"
          class="row"
          [class.off]="!hook.enabled"
          [attr.data-id]="hook.id"
          data-testid="webhook-row"
        >
          <div class="head">
            <span class="chip">{{ hook.format === 'discord' ? 'Discord' : 'JSON' }}</span>
            <code class="url" data-testid="webhook-url">{{ hook.url }}</code>
          </div>
          <p class="events">{{ hook.events.join(', ') }}</p>
          <p class="state" data-testid="webhook-state" [class.bad]="!hook.enabled || hook.consecutiveFailures > 0">
            @if (!hook.enabled) {
              Disabled: {{ hook.disabledReason ?? 'by an admin' }}
            } @else if (hook.consecutiveFailures > 0) {
              Enabled · {{ hook.consecutiveFailures }} failed attempt{{ hook.consecutiveFailures === 1 ? '' : 's' }}
              in a row (off at 20)
            } @else {
              Enabled{{ hook.lastDeliveryAt ? '' : ' · nothing sent yet' }}
            }
            @if (hook.lastDeliveryAt; as last) {
              · last attempt {{ last | date: 'medium' }}
            }
          </p>
          <div class="actions">
            <h4k-row-actions [row]="hook" [actions]="rowActions" />
          </div>
          @if (open() === hook.id) {
            <table class="deliveries" data-testid="webhook-deliveries">
              <caption>
                The last 50 attempts, newest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Event</th>
                  <th scope="col">Try</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                @for (d of deliveries(); track d.id) {
                  <tr [class.bad]="d.status === 'failed'" data-testid="webhook-delivery">
                    <td>{{ d.at | date: 'mediumTime' }}</td>
                    <td>
                      <code>{{ d.event }}</code>
                    </td>
                    <td>{{ d.attempt }}</td>
                    <td>
                      {{ d.status === 'delivered' ? 'delivered' : 'failed' }}
                      {{ d.httpStatus !== null ? '· HTTP ' + d.httpStatus : '' }} · {{ d.durationMs }} ms
                      @if (d.error; as error) {
                        <span class="delivery-error">{{ error }}</span>
                      }
                    </td>
                  </tr>
                } @empty {
                  <tr>
                    <td colspan="4" class="muted">No attempts yet.</td>
                  </tr>
                }
              </tbody>
            </table>
          }
        </li>
      </h4k-row-list>
    </h4k-card>
  `,
  styles: [
    ROW_LIST_STYLES,
    `
      .row {
        display: grid;
        gap: 6px;
      }
      .row.off {
        background: var(--mat-sys-surface-container);
      }
      .url {
        overflow-wrap: anywhere;
        font-size: 13px;
      }
      .events,
      .state {
        margin: 0;
        font: var(--mat-sys-body-small);
        color: var(--mat-sys-on-surface-variant);
      }
      .bad {
        color: var(--mat-sys-error);
      }
      .actions {
        justify-content: flex-end;
      }
      .deliveries {
        width: 100%;
        border-collapse: collapse;
        font: var(--mat-sys-body-small);
      }
      .deliveries caption {
        text-align: start;
        color: var(--mat-sys-on-surface-variant);
        padding-bottom: 4px;
      }
      .deliveries th,
      .deliveries td {
        text-align: start;
        padding: 4px 6px;
        border-top: 1px solid var(--mat-sys-outline-variant);
        vertical-align: top;
      }
      .delivery-error {
        display: block;
        overflow-wrap: anywhere;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WebhookListCard {
  private readonly api = inject(AdminWebhooksService);
  private readonly reload = inject(PageReload);

  protected readonly actions = actionRunner();
  protected readonly open = signal<string | null>(null);
  protected readonly state = loadWithPage((context) => this.api.webhooksControllerList(undefined, context));
  protected readonly hooks = computed(() => this.state().value);
  protected readonly hookKey = (hook: Webhook): string => hook.id;
  protected readonly texts: RowListTexts = {
    empty: 'No webhook yet.',
    emptyTestid: 'no-webhooks',
    failed: 'Could not load the webhooks.',
  };
  private readonly deliveryState = loadWithPage((context) => {
    const id = this.open();
    return id ? this.api.webhooksControllerDeliveries({ id }, context) : of<WebhookDelivery[]>([]);
  });
  protected readonly rowActions: readonly RowAction<Webhook>[] = [
    {
      icon: 'history',
      label: (hook) => (this.open() === hook.id ? 'Hide deliveries' : 'Deliveries'),
      testid: 'webhook-deliveries-toggle',
      run: (hook) => this.toggleDeliveries(hook),
    },
    {
      icon: (hook) => (hook.enabled ? 'pause' : 'play_arrow'),
      label: (hook) => (hook.enabled ? 'Turn off' : 'Turn on'),
      disabled: () => this.actions.busy(),
      run: (hook) => this.setEnabled(hook, !hook.enabled),
    },
    {
      icon: 'delete',
      label: 'Delete',
      danger: true,
      ariaLabel: (hook) => `Delete the webhook to ${hook.url}`,
      disabled: () => this.actions.busy(),
      run: (hook) => this.remove(hook),
    },
  ];
  protected readonly deliveries = computed(() => (this.open() ? (this.deliveryState().value ?? []) : []));

  protected toggleDeliveries(hook: Webhook): void {
    this.open.set(this.open() === hook.id ? null : hook.id);
    this.reload.reload();
  }

  protected setEnabled(hook: Webhook, enabled: boolean): void {
    this.actions.run(this.api.webhooksControllerUpdate({ id: hook.id, body: { enabled } }));
  }

  protected remove(hook: Webhook): void {
    this.actions.confirmThenRun(
      {
        title: 'Delete this webhook?',
        message: `Nothing more is sent to ${hook.url}; its delivery log goes too.`,
        action: 'Delete',
      },
      () => this.api.webhooksControllerRemove({ id: hook.id }),
      () => {
        if (this.open() === hook.id) this.open.set(null);
        return 'Webhook deleted.';
      },
    );
  }
}
