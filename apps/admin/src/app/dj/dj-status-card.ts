import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatCardModule } from '@angular/material/card';
import { DurationPipe } from '../core/duration.pipe';
import { NowPlayingEvents } from '../core/now-playing-events';
import { DjSession } from './dj-session';

/**
 * The DJ's allowance and the live slot. The gateway has no DJ-facing route for a DJ's own usage
 * yet: the allowance and expiry come from the token's claims, the slot from public now-playing.
 */
@Component({
  selector: 'h4k-dj-status-card',
  imports: [DatePipe, DurationPipe, MatCardModule],
  template: `
    <mat-card appearance="outlined" data-testid="dj-status">
      <mat-card-content>
        <h2 class="card-heading">Your slot</h2>
        @if (session.claims(); as claims) {
          <dl class="facts">
            @if (claims.userId) {
              <dt>DJ</dt>
              <dd data-testid="dj-id">{{ claims.userId }}</dd>
            }
            @if (claims.label) {
              <dt>Show</dt>
              <dd>{{ claims.label }}</dd>
            }
            @if (claims.maxStreamingSeconds !== null) {
              <dt>Allowance</dt>
              <dd data-testid="dj-allowance">{{ claims.maxStreamingSeconds | duration: 'span' }} of streaming</dd>
            }
            @if (claims.expiresAt) {
              <dt>Token valid until</dt>
              <dd>{{ claims.expiresAt | date: 'medium' }}</dd>
            }
          </dl>
          <p class="note">
            Time used and left are not shown here yet; the station cuts you off when the allowance is spent.
          </p>
        } @else {
          <p class="note">This token does not look like a DJ token.</p>
        }
        <p class="on-air" data-testid="live-slot">
          @if (live(); as np) {
            <span class="dot" aria-hidden="true"></span>
            On air now{{ np.stream?.name ? ': ' + np.stream?.name : '' }}, since {{ np.since | date: 'shortTime' }}
          } @else if (settled()) {
            Nobody is live: the slot is free.
          } @else {
            Checking the live slot…
          }
        </p>
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .note {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .on-air {
      display: flex;
      align-items: center;
      gap: 8px;
      margin: 16px 0 0;
      font: var(--mat-sys-title-small);
    }
    .dot {
      width: 10px;
      height: 10px;
      border-radius: 50%;
      background: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DjStatusCard {
  protected readonly session = inject(DjSession);
  private readonly nowPlaying = toSignal(inject(NowPlayingEvents).states, { initialValue: null });
  protected readonly settled = computed(() => this.nowPlaying() !== null);
  protected readonly live = computed(() => {
    const np = this.nowPlaying();
    return np?.tier === 'live' ? np : null;
  });
}
