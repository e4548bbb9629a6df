import { DatePipe, DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatSelectModule } from '@angular/material/select';
import { AdminTokensService, UserToken } from '@h4k/api-client';
import { finalize } from 'rxjs';

import { FORM_CARD_IMPORTS, FormCard } from '../core/form-card';
import { PageReload } from '../core/page-reload';
import { SecretField } from '../core/secret-field';

const HOUR = 3600;
const DAY = 24 * HOUR;

export const TOKEN_DURATIONS: readonly { readonly label: string; readonly seconds: number }[] = [
  { label: '1 hour', seconds: HOUR },
  { label: '1 day', seconds: DAY },
  { label: '1 week', seconds: 7 * DAY },
  { label: '30 days', seconds: 30 * DAY },
  { label: '90 days', seconds: 90 * DAY },
];

/** `POST /admin/token`: a listener's token to submit songs, shown once with a copy button. */
@Component({
  selector: 'h4k-listener-token-card',
  imports: [FORM_CARD_IMPORTS, FormCard, DatePipe, MatSelectModule, ReactiveFormsModule, SecretField],
  template: `
    <h4k-form-card data-testid="listener-token" [formGroup]="form" (ngSubmit)="mint()">
      <h4k-card-header icon="key" heading="Listener token" subheading="Lets a listener submit songs" />
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Valid for</mat-label>
        <mat-select formControlName="durationSeconds">
          @for (d of durations; track d.seconds) {
            <mat-option [value]="d.seconds">{{ d.label }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Songs waiting at once</mat-label>
        <input matInput type="number" formControlName="maxQueueSongs" min="1" max="50" />
        <mat-hint>1 to 50</mat-hint>
      </mat-form-field>
      <button submit mat-flat-button type="submit" [disabled]="form.invalid || minting()">Mint token</button>
      @if (minted(); as t) {
        <mat-card-content after class="card-result">
          <h4k-secret-field
            label="Listener link (send it to the listener)"
            [value]="listenerLink()"
            data-testid="listener-link"
          />
          <h4k-secret-field label="Listener token" [value]="t.token" />
          <p class="card-hint" data-testid="token-expiry">
            Valid until {{ t.expires_at | date: 'medium' }}. The link opens the station's page with the token kept in
            the listener's browser; scripts send it as <code>Authorization: Bearer &lt;token&gt;</code>. It is not shown
            again.
          </p>
        </mat-card-content>
      }
    </h4k-form-card>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ListenerTokenCard {
  private readonly api = inject(AdminTokensService);
  /** The page's token list, where there is one. */
  private readonly reload = inject(PageReload, { optional: true });
  private readonly origin = inject(DOCUMENT).location.origin;
  protected readonly durations = TOKEN_DURATIONS;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    durationSeconds: [DAY, Validators.required],
    maxQueueSongs: [3, [Validators.required, Validators.min(1), Validators.max(50)]],
  });
  protected readonly minting = signal(false);
  protected readonly minted = signal<UserToken | null>(null);
  /** The listener page, which keeps the token in the listener's browser. */
  protected readonly listenerLink = computed(() => {
    const minted = this.minted();
    return minted ? `${this.origin}/?${new URLSearchParams({ token: minted.token }).toString()}` : '';
  });

  protected mint(): void {
    if (this.form.invalid) return;
    const { durationSeconds, maxQueueSongs } = this.form.getRawValue();
    this.minting.set(true);
    this.api
      .userTokenControllerMint({ body: { duration_seconds: durationSeconds, max_queue_songs: maxQueueSongs } })
      .pipe(finalize(() => this.minting.set(false)))
      .subscribe({
        next: (token) => {
          this.minted.set(token);
          this.reload?.reload();
        },
        error: () => undefined,
      });
  }
}
