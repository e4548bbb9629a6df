import { DatePipe } from '@angular/common';
import { HttpContext } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatCardModule } from '@angular/material/card';
import { LivestreamService } from '@h4k/api-client';
import { combineLatest, EMPTY, map } from 'rxjs';

import { loadOnEach } from '../core/api-state';
import { BEARER_TOKEN } from '../core/auth.interceptor';
import { DurationPipe } from '../core/duration.pipe';
import { NowPlayingEvents } from '../core/now-playing-events';
import { refreshTicks } from '../core/refresh';
import { DjSession } from './dj-session';

/**
 * The DJ's slot from `GET /livestream/me` (with their own token): time used and left, kicked, on
 * air now. Re-read every 10 s and whenever the station's on-air state changes. The token's claims
 * stand in until the first answer; public now-playing says who else holds the slot.
 */
@Component({
  selector: 'h4k-dj-status-card',
  imports: [DatePipe, DurationPipe, MatCardModule],
  template: `
    <mat-card appearance="outlined" data-testid="dj-status">
      <mat-card-content>
        <h2 class="card-heading">Your slot</h2>
        @if (session.claims(); as claims) {
          @let me = state().value;
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
            @if (me) {
              <dt>Used</dt>
              <dd data-testid="dj-used">{{ me.usedSeconds | duration: 'span' }}</dd>
              <dt>Left</dt>
              <dd data-testid="dj-remaining">
                {{ me.remainingSeconds | duration: 'span' }}
                @if (me.onAir?.endsAt; as endsAt) {
                  (cut off at {{ endsAt | date: 'shortTime' }})
                }
              </dd>
            }
            @if (claims.expiresAt) {
              <dt>Token valid until</dt>
              <dd>{{ claims.expiresAt | date: 'medium' }}</dd>
            }
          </dl>
          @if (me?.kicked) {
            <p class="refused" data-testid="dj-kicked">
              The station has stopped this DJ id (kicked, or out of time): ask the station to reset it.
            </p>
          }
          @if (state().failing) {
            <p class="refused" role="status" data-testid="dj-status-failing">
              The station did not accept this token (expired or revoked?), or could not be reached.
            </p>
          } @else if (!state().settled) {
            <p class="note">Checking your time with the station…</p>
          }
        } @else {
          <p class="note">This token does not look like a DJ token.</p>
        }
        <p class="on-air" data-testid="live-slot" aria-live="polite">
          @if (state().value?.onAir; as onAir) {
            <span class="dot" aria-hidden="true"></span>
            You are on air{{ onAir.since ? ', since ' + (onAir.since | date: 'shortTime') : '' }}
            @if (silent()) {
              <span class="refused" data-testid="live-silent"
                >— but only silence arrives: listeners hear the station's next source until your audio returns (your
                time keeps counting).</span
              >
            }
          } @else if (live(); as np) {
            Someone else is on air{{ np.stream?.name ? ': ' + np.stream?.name : '' }}, since
            {{ np.since | date: 'shortTime' }}
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
    .refused {
      color: var(--mat-sys-error);
    }
    .on-air {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0 8px;
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
  private readonly api = inject(LivestreamService);
  private readonly nowPlaying = toSignal(inject(NowPlayingEvents).states, { initialValue: null });
  protected readonly settled = computed(() => this.nowPlaying() !== null || this.state().settled);
  protected readonly live = computed(() => {
    const np = this.nowPlaying();
    return np?.tier === 'live' ? np : null;
  });
  /** Connected but silent for LIVE_SILENCE_SECONDS: Liquidsoap plays the tier below meanwhile. */
  protected readonly silent = computed(() => this.nowPlaying()?.liveSilent === true);
  protected readonly state = loadOnEach(
    combineLatest([toObservable(this.session.token.value), refreshTicks()]).pipe(map(([token]) => token)),
    (token, context: HttpContext) =>
      token ? this.api.djControllerMe(undefined, context.set(BEARER_TOKEN, token)) : EMPTY,
  );
}
