import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatSelectModule } from '@angular/material/select';
import { AdminWebhooksService, CreatedWebhook } from '@h4k/api-client';
import { finalize } from 'rxjs';

import { FORM_CARD_IMPORTS, FormCard } from '../core/form-card';
import { PageReload } from '../core/page-reload';
import { SecretField } from '../core/secret-field';
import { WEBHOOK_EVENTS, WebhookEvent } from './webhook-events';

/** `POST /admin/webhooks`: URL, events, format; the signing secret comes back once. */
@Component({
  selector: 'h4k-add-webhook-card',
  imports: [FORM_CARD_IMPORTS, FormCard, MatCheckboxModule, MatSelectModule, ReactiveFormsModule, SecretField],
  template: `
    <h4k-form-card data-testid="add-webhook" [formGroup]="form" (ngSubmit)="add()">
      <h4k-card-header
        icon="webhook"
        heading="Add a webhook"
        subheading="The station POSTs each chosen event to this URL, signed"
      />
      <mat-form-field class="wide" appearance="outline" subscriptSizing="dynamic">
        <mat-label>URL</mat-label>
        <input matInput type="url" formControlName="url" placeholder="https://discord.com/api/webhooks/…" />
        <mat-hint>http(s); private addresses only when DOWNLOAD_ALLOWED_HOSTS names them</mat-hint>
      </mat-form-field>
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Format</mat-label>
        <mat-select formControlName="format">
          <mat-option value="json">JSON (type, timestamp, data)</mat-option>
          <mat-option value="discord">Discord message</mat-option>
        </mat-select>
      </mat-form-field>
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Signing secret (optional)</mat-label>
        <input matInput formControlName="secret" autocomplete="off" placeholder="whsec_…" />
        <mat-hint>Left empty, the station makes one and shows it below once</mat-hint>
      </mat-form-field>
      <fieldset class="events wide" data-testid="webhook-events">
        <legend>Events</legend>
        @for (event of events; track event.name) {
          <mat-checkbox [checked]="chosen().includes(event.name)" (change)="toggle(event.name, $event.checked)">
            <code>{{ event.name }}</code> · {{ event.label }}
          </mat-checkbox>
        }
      </fieldset>
      <button
        submit
        mat-flat-button
        type="submit"
        [disabled]="form.invalid || chosen().length === 0 || adding()"
        data-testid="add-webhook-submit"
      >
        Add webhook
      </button>
      @if (created(); as hook) {
        <mat-card-content after class="card-result" data-testid="webhook-created">
          <h4k-secret-field label="Signing secret" [value]="hook.secret" />
          <p class="card-hint">
            Receivers verify each delivery with this secret (Standard Webhooks: the <code>webhook-id</code>,
            <code>webhook-timestamp</code> and <code>webhook-signature</code> headers). It is not shown again.
          </p>
        </mat-card-content>
      }
    </h4k-form-card>
  `,
  styles: `
    .events {
      display: grid;
      gap: 2px;
      margin: 0;
      padding: 8px 12px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 4px;
    }
    legend {
      padding: 0 4px;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    code {
      font-size: 12px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AddWebhookCard {
  private readonly api = inject(AdminWebhooksService);
  private readonly reload = inject(PageReload, { optional: true });
  protected readonly events = WEBHOOK_EVENTS;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    url: ['', [Validators.required, Validators.pattern(/^https?:\/\/\S+$/i)]],
    format: ['json' as 'json' | 'discord', Validators.required],
    secret: [''],
  });
  protected readonly chosen = signal<WebhookEvent[]>(['song.changed']);
  protected readonly adding = signal(false);
  protected readonly created = signal<CreatedWebhook | null>(null);

  protected toggle(name: WebhookEvent, on: boolean): void {
    this.chosen.update((list) => (on ? [...list.filter((e) => e !== name), name] : list.filter((e) => e !== name)));
  }

  protected add(): void {
    if (this.form.invalid || this.chosen().length === 0) return;
    const { url, format, secret } = this.form.getRawValue();
    this.adding.set(true);
    this.api
      .webhooksControllerCreate({
        body: { url: url.trim(), format, events: this.chosen(), ...(secret.trim() && { secret: secret.trim() }) },
      })
      .pipe(finalize(() => this.adding.set(false)))
      .subscribe({
        next: (hook) => {
          this.created.set(hook);
          this.form.reset({ url: '', format, secret: '' });
          this.reload?.reload();
        },
        error: () => undefined,
      });
  }
}
