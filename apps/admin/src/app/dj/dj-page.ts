import { ChangeDetectionStrategy, Component, effect, inject, input, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { Router } from '@angular/router';

import { DjSession } from './dj-session';
import { DjStatusCard } from './dj-status-card';
import { EncoderSettingsCard } from './encoder-settings-card';

/** A DJ's own page, opened from their link `/dj?token=…` (with `&key=…` when they have a DJ key). */
@Component({
  selector: 'h4k-dj-page',
  imports: [DjStatusCard, EncoderSettingsCard, MatButtonModule, MatCardModule],
  template: `
    <h1 class="page-title">DJ</h1>
    @if (session.token.present()) {
      <div class="columns">
        <h4k-dj-status-card />
        <h4k-encoder-settings-card />
      </div>
      <p class="forget">
        Your DJ token is kept in this browser.
        <button mat-button type="button" (click)="session.forget()" data-testid="forget-dj-token">Remove it</button>
      </p>
    } @else {
      <mat-card appearance="outlined" data-testid="no-dj-token">
        <mat-card-content>
          <p>Open the DJ link the station gave you: it carries your token and shows how to go on air.</p>
        </mat-card-content>
      </mat-card>
    }
  `,
  styles: `
    :host,
    .columns {
      display: grid;
      gap: 16px;
      grid-template-columns: minmax(0, 1fr);
      align-content: start;
    }
    @media (min-width: 900px) {
      .columns {
        grid-template-columns: minmax(0, 2fr) minmax(0, 3fr);
        align-items: start;
      }
    }
    .forget {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class DjPage {
  readonly token = input<string>();
  readonly key = input<string>();
  protected readonly session = inject(DjSession);
  private readonly router = inject(Router);

  constructor() {
    effect(() => {
      const token = this.token();
      if (!token) return;
      const key = this.key() ?? null;
      untracked(() => {
        this.session.keep(token, key);
        void this.router.navigate([], {
          queryParams: { token: null, key: null },
          queryParamsHandling: 'merge',
          replaceUrl: true,
        });
      });
    });
  }
}
