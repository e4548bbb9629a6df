import { DatePipe, DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { finalize } from 'rxjs';

import { FORM_CARD_IMPORTS, FormCard } from '../core/form-card';
import { Harbor, icecastUrl } from '../core/harbor';
import { HarborFacts } from '../core/harbor-facts';
import { PageReload } from '../core/page-reload';
import { SecretField } from '../core/secret-field';
import { DjToken, LivestreamApi } from './livestream-api';

/** `POST /admin/livestream/token`: a DJ's harbor password, shown with how to connect. */
@Component({
  selector: 'h4k-dj-token-card',
  imports: [FORM_CARD_IMPORTS, FormCard, DatePipe, HarborFacts, ReactiveFormsModule, SecretField],
  template: `
    <h4k-form-card data-testid="dj-token" [formGroup]="form" (ngSubmit)="mint()">
      <h4k-card-header icon="key" heading="DJ token" subheading="The password a DJ's encoder uses on the harbor" />
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Streaming allowance (minutes)</mat-label>
        <input matInput type="number" formControlName="minutes" min="1" max="1440" />
        <mat-hint>1 to 1440; the token lasts twice as long</mat-hint>
      </mat-form-field>
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>DJ id (optional)</mat-label>
        <input matInput formControlName="userId" maxlength="64" />
        <mat-hint>Reuse it to draw on the same allowance</mat-hint>
        @if (form.controls.userId.hasError('pattern')) {
          <mat-error>Letters, digits and . _ &#64; - only</mat-error>
        }
      </mat-form-field>
      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
        <mat-label>Label (optional)</mat-label>
        <input matInput formControlName="label" maxlength="200" />
        <mat-hint>Shown as the show name when the encoder sends none</mat-hint>
      </mat-form-field>
      <button submit mat-flat-button type="submit" [disabled]="form.invalid || minting()">Mint DJ token</button>
      @if (minted(); as t) {
        <mat-card-content after class="card-result" data-testid="harbor-hint">
          <h4k-secret-field label="DJ key" [value]="t.key" data-testid="dj-key" />
          <h4k-secret-field label="DJ token (JWT)" [value]="t.token" />
          <h4k-secret-field
            label="DJ page link (send it to the DJ)"
            [value]="djPageLink()"
            data-testid="dj-page-link"
          />
          <p class="card-hint">
            Either is the password, valid until {{ t.expires_at | date: 'medium' }}. The DJ key is short enough for
            every encoder (ezstream refuses the token). Token id (revokes both): {{ t.jti }}. Point the DJ's encoder at:
          </p>
          <h4k-harbor-facts hostLabel="Server" [keyUser]="t.user_id">
            <dt>Password</dt>
            <dd>the DJ key or the token above</dd>
          </h4k-harbor-facts>
          @if (icecastUrl(); as url) {
            <h4k-secret-field label="Icecast URL (ffmpeg, butt…)" [value]="url" />
          }
        </mat-card-content>
      }
    </h4k-form-card>
  `,
  styles: `
    dd {
      font-family: monospace;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DjTokenCard {
  private readonly api = inject(LivestreamApi);
  private readonly reload = inject(PageReload);
  private readonly harbor = inject(Harbor).endpoint;
  private readonly origin = inject(DOCUMENT).location.origin;

  protected readonly form = inject(FormBuilder).nonNullable.group({
    minutes: [60, [Validators.required, Validators.min(1), Validators.max(1440)]],
    userId: ['', [Validators.maxLength(64), Validators.pattern(/^[A-Za-z0-9._@-]*$/)]],
    label: ['', Validators.maxLength(200)],
  });
  protected readonly minting = signal(false);
  protected readonly minted = signal<DjToken | null>(null);
  /** The DJ's own page, with their token and DJ key. */
  protected readonly djPageLink = computed(() => {
    const minted = this.minted();
    if (!minted) return '';
    return `${this.origin}/dj?${new URLSearchParams({ token: minted.token, key: minted.key }).toString()}`;
  });
  /** Empty until both the token and the station's harbor are known. */
  protected readonly icecastUrl = computed(() => {
    const harbor = this.harbor();
    const minted = this.minted();
    return harbor && minted ? icecastUrl(harbor, minted.key) : '';
  });

  protected mint(): void {
    if (this.form.invalid) return;
    const { minutes, userId, label } = this.form.getRawValue();
    this.minting.set(true);
    this.api
      .mintToken({
        max_streaming_seconds: Math.round(minutes * 60),
        ...(userId.trim() ? { user_id: userId.trim() } : {}),
        ...(label.trim() ? { label: label.trim() } : {}),
      })
      .pipe(finalize(() => this.minting.set(false)))
      .subscribe({
        next: (token) => {
          this.minted.set(token);
          this.reload.reload();
        },
        error: () => undefined,
      });
  }
}
