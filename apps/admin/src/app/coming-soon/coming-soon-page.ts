import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';

/**
 * Placeholder for pages not built yet. Lazy-loaded by the Queue, Library and
 * Live routes; `heading`, `icon` and `blurb` come from the route's `data`
 * (router `withComponentInputBinding()`).
 */
@Component({
  selector: 'h4k-coming-soon-page',
  imports: [MatCardModule, MatIconModule],
  template: `
    <mat-card appearance="outlined" data-testid="coming-soon">
      <mat-card-header>
        <div mat-card-avatar class="avatar" aria-hidden="true">
          <mat-icon>{{ icon() }}</mat-icon>
        </div>
        <mat-card-title>{{ heading() }}</mat-card-title>
        <mat-card-subtitle>Coming soon</mat-card-subtitle>
      </mat-card-header>
      <mat-card-content>
        <p>{{ blurb() }}</p>
        <p class="hint">This page is not built yet.</p>
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .avatar {
      display: grid;
      place-items: center;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    mat-card-content {
      padding-top: 16px;
    }
    .hint {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class ComingSoonPage {
  readonly heading = input.required<string>();
  readonly icon = input('construction');
  readonly blurb = input('');
}
