import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { HealthService } from '@h4k/api-client';
import { catchError, of, throwError } from 'rxjs';

import { SILENT_HTTP_ERRORS } from '../core/error.interceptor';
import { loadWithPage } from '../core/page-data';
import { PanelCard } from '../core/panel-card';

/** `/health` as the gateway answers it (503 carries the same body with the failing parts). */
interface HealthReport {
  status?: string;
  details?: Record<string, Record<string, unknown> | undefined>;
}

export const HEALTH_PARTS: Readonly<Record<string, string>> = {
  redis: 'Redis',
  queue: 'Queue service',
  'mpd-user': 'User MPD',
  'mpd-fallback': 'Fallback MPD',
  downloader: 'Downloader',
  livestream: 'Livestream service',
  liquidsoap: 'Liquidsoap',
  icecast: 'Icecast',
  on_air: 'On air',
  disk: 'Disk space',
};

export interface HealthPart {
  readonly name: string;
  readonly label: string;
  readonly up: boolean;
  /** What the admin token adds: a version, a detail or the error. */
  readonly detail: string | null;
}

export function healthParts(report: HealthReport): HealthPart[] {
  return Object.entries(report.details ?? {}).map(([name, part]) => {
    const { status, ...rest } = part ?? {};
    const detail = Object.values(rest).find((value): value is string => typeof value === 'string') ?? null;
    return { name, label: HEALTH_PARTS[name] ?? name, up: status === 'up', detail };
  });
}

/** Every part of the station from `GET /health`, green when up, red when down, re-read every 10 s. */
@Component({
  selector: 'h4k-health-card',
  imports: [MatIconModule, PanelCard],
  template: `
    <h4k-card data-testid="health" heading="Health">
      @if (parts(); as list) {
        <ul class="chips" aria-label="Station parts">
          @for (part of list; track part.name) {
            <li class="chip" [class.down]="!part.up" [attr.data-part]="part.name" data-testid="health-part">
              <mat-icon aria-hidden="true" [svgIcon]="part.up ? 'check_circle' : 'error'" />
              <span class="name">{{ part.label }}</span>&ngsp;
              <span class="status">{{ part.up ? 'up' : 'down' }}</span>
              @if (part.detail) {
                &ngsp;<span class="detail">{{ part.detail }}</span>
              }
            </li>
          }
        </ul>
        <p class="summary" role="status" data-testid="health-summary">
          {{ allUp() ? 'Every part is up.' : downCount() + ' of ' + list.length + ' parts down.' }}
        </p>
      } @else if (state().failing) {
        <p class="summary down" role="status">The gateway did not answer: the station's API is down.</p>
      } @else {
        <p class="summary">Loading…</p>
      }
    </h4k-card>
  `,
  styles: `
    .chips {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      margin: 12px 0 0;
      padding: 0;
      list-style: none;
    }
    .chip {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 2px 6px;
      max-width: 100%;
      box-sizing: border-box;
      padding: 4px 12px 4px 8px;
      border-radius: 16px;
      background: #d7f5dd;
      color: #0b3d17;
      font: var(--mat-sys-label-large);
    }
    .chip.down {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .status {
      font-weight: 400;
    }
    .detail {
      flex-basis: 100%;
      font: var(--mat-sys-body-small);
      overflow-wrap: anywhere;
    }
    .summary {
      margin: 12px 0 0;
      color: var(--mat-sys-on-surface-variant);
    }
    .summary.down {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HealthCard {
  private readonly api = inject(HealthService);
  protected readonly state = loadWithPage((context) =>
    // Down parts are this card's to show, not the error snackbar's.
    this.api.healthControllerCheck(undefined, context.set(SILENT_HTTP_ERRORS, true)).pipe(
      catchError((error: unknown) =>
        // 503 is an answer: some part is down, the body says which.
        error instanceof HttpErrorResponse && error.status === 503 && typeof error.error === 'object'
          ? of(error.error as HealthReport)
          : throwError(() => error),
      ),
    ),
  );
  protected readonly parts = computed(() => {
    const report = this.state().value;
    return report ? healthParts(report) : null;
  });
  protected readonly downCount = computed(() => (this.parts() ?? []).filter((part) => !part.up).length);
  protected readonly allUp = computed(() => this.parts() !== null && this.downCount() === 0);
}
