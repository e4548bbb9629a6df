import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { AdminLivestreamService } from '@h4k/api-client';

import { actionRunner } from '../core/action-runner';
import { DurationPipe } from '../core/duration.pipe';
import { loadWithPage } from '../core/page-data';
import { PanelCard } from '../core/panel-card';
import { LiveSession, LivestreamApi } from './livestream-api';

/** `GET /admin/livestream`: who holds the live slot, and a button to drop them. */
@Component({
  selector: 'h4k-on-air-card',
  imports: [DatePipe, DurationPipe, MatButtonModule, MatCardModule, MatIconModule, PanelCard],
  template: `
    <h4k-card
      data-testid="on-air"
      icon="mic"
      heading="Live slot"
      subheading="One DJ at a time; the harbor refuses others"
      [alert]="!!state().value?.live"
      live
    >
      @if (state().value; as status) {
        @if (status.live; as dj) {
          <p class="who" data-testid="live-dj">{{ showName(dj) }}</p>
          <dl class="facts">
            <dt>DJ</dt>
            <dd>{{ dj.userId }}</dd>
            @if (dj.since) {
              <dt>On air since</dt>
              <dd>{{ dj.since | date: 'shortTime' }}</dd>
            }
            <dt>Time left</dt>
            <dd data-testid="live-remaining">
              {{ dj.remainingSeconds | duration: 'span' }}
              @if (dj.endsAt) {
                (cut off at {{ dj.endsAt | date: 'shortTime' }})
              }
            </dd>
            @if (dj.headers?.description; as description) {
              <dt>Description</dt>
              <dd>{{ description }}</dd>
            }
          </dl>
        } @else {
          <p class="idle" data-testid="nobody-live">Nobody is live.</p>
        }
      } @else if (!state().settled) {
        <p class="idle">Loading…</p>
      }
      @if (state().failing) {
        <p class="error" role="status">Could not refresh the live slot, retrying.</p>
      }
      @if (state().value?.live) {
        <mat-card-actions align="end">
          <button mat-flat-button class="kick" type="button" (click)="kick()" [disabled]="actions.busy()">
            <mat-icon svgIcon="block" /> Kick
          </button>
        </mat-card-actions>
      }
    </h4k-card>
  `,
  styles: `
    .who {
      margin: 16px 0 8px;
      font: var(--mat-sys-headline-small);
    }
    .idle {
      margin-top: 16px;
      color: var(--mat-sys-on-surface-variant);
    }
    .kick {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OnAirCard {
  private readonly api = inject(LivestreamApi);
  private readonly commands = inject(AdminLivestreamService);

  protected readonly state = loadWithPage((context) => this.api.status(context));
  protected readonly actions = actionRunner();

  protected showName(dj: LiveSession): string {
    return dj.headers?.name ?? dj.label ?? dj.userId;
  }

  protected kick(): void {
    const dj = this.state().value?.live;
    if (!dj) return;
    this.actions.confirmThenRun(
      {
        title: `Kick ${this.showName(dj)}?`,
        message:
          'Their stream is cut now and the station falls back to the queue. They can reconnect while their token and allowance last.',
        action: 'Kick',
      },
      () => this.commands.adminLivestreamControllerKick(),
      () => `${this.showName(dj)} was kicked.`,
    );
  }
}
