import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { AdminTokensService, IssuedToken, LivestreamUserUsage } from '@h4k/api-client';
import { catchError, forkJoin, map, of } from 'rxjs';

import { actionRunner } from '../core/action-runner';
import { DurationPipe } from '../core/duration.pipe';
import { loadWithPage } from '../core/page-data';
import { PanelCard } from '../core/panel-card';
import { RowAction, RowActions } from '../core/row-actions';
import { RowList, RowListTexts, RowTemplate } from '../core/row-list';
import { ROW_LIST_STYLES } from '../core/row-list.styles';
import { LivestreamApi } from '../live/livestream-api';

export const TOKEN_KINDS: Readonly<Record<IssuedToken['kind'], string>> = { user: 'Listener', livestream: 'DJ' };

/** A token row: the token, and for a DJ token what its DJ id has streamed. */
export interface TokenRow {
  readonly token: IssuedToken;
  readonly usage: LivestreamUserUsage | null;
}

/** `GET /admin/tokens` with each DJ's usage; revoke with `DELETE /admin/tokens/{jti}`. */
@Component({
  selector: 'h4k-issued-tokens-card',
  imports: [DatePipe, DurationPipe, PanelCard, RowActions, RowList, RowTemplate],
  template: `
    <h4k-card data-testid="issued-tokens" heading="Issued tokens">
      <p class="muted">
        Tokens not yet expired, newest first. A token is shown only once, when minted: to share a link again, mint a new
        token (and revoke the old one).
      </p>
      <h4k-row-list [settled]="state().settled" [texts]="texts">
        <li
          *h4kRow="let row of rows(); key: tokenKey"
          class="row"
          [class.revoked]="row.token.revoked"
          [attr.data-jti]="row.token.jti"
          data-testid="token-row"
        >
          @let t = row.token;
          <div class="head">
            <span class="chip" [attr.data-kind]="t.kind">{{ kinds[t.kind] }}</span>
            <span class="label" data-testid="token-label">{{ t.label ?? t.user_id }}</span>
            @if (t.revoked) {
              <span class="state" data-testid="token-revoked">revoked</span>
            }
          </div>
          <dl class="facts">
            @if (t.label) {
              <dt>{{ t.kind === 'livestream' ? 'DJ' : 'Listener' }} id</dt>
              <dd class="id">{{ t.user_id }}</dd>
            }
            <dt>Minted</dt>
            <dd>{{ t.created_at | date: 'medium' }}</dd>
            <dt>Expires</dt>
            <dd data-testid="token-expiry">{{ t.expires_at | date: 'medium' }}</dd>
            @if (t.kind === 'livestream') {
              <dt>Use</dt>
              <dd data-testid="token-use">
                @if (row.usage; as usage) {
                  {{ usage.usedSeconds | duration: 'span' }} streamed,
                  {{ usage.remainingSeconds | duration: 'span' }} left{{ usage.kicked ? ' · kicked' : '' }}
                } @else {
                  not streamed yet
                }
              </dd>
              @if (t.dj_key_hint; as hint) {
                <dt>DJ key</dt>
                <dd class="id">{{ hint }}…</dd>
              }
            } @else {
              <dt>Use</dt>
              <dd data-testid="token-use">submits songs on the listener page</dd>
            }
          </dl>
          @if (!t.revoked) {
            <div class="actions">
              <h4k-row-actions [row]="row" [actions]="rowActions" />
            </div>
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
        gap: 8px;
      }
      .row.revoked {
        opacity: 0.7;
      }
      .chip[data-kind='livestream'] {
        background: var(--mat-sys-tertiary-container);
        color: var(--mat-sys-on-tertiary-container);
      }
      .label {
        font: var(--mat-sys-title-small);
        overflow-wrap: anywhere;
      }
      .state {
        color: var(--mat-sys-error);
        font: var(--mat-sys-label-large);
      }
      .id {
        font-family: monospace;
        overflow-wrap: anywhere;
      }
      .actions {
        justify-self: end;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IssuedTokensCard {
  private readonly tokens = inject(AdminTokensService);
  private readonly livestream = inject(LivestreamApi);

  protected readonly kinds = TOKEN_KINDS;
  protected readonly actions = actionRunner();
  protected readonly state = loadWithPage((context) =>
    forkJoin([
      this.tokens.adminTokensControllerList(undefined, context),
      // Usage only adds to DJ rows: the list stands without it.
      this.livestream.users(context).pipe(catchError(() => of<LivestreamUserUsage[]>([]))),
    ]).pipe(
      map(([issued, users]): TokenRow[] =>
        issued.map((token) => ({
          token,
          usage: token.kind === 'livestream' ? (users.find((user) => user.userId === token.user_id) ?? null) : null,
        })),
      ),
    ),
  );
  protected readonly rows = computed(() => this.state().value);
  protected readonly tokenKey = (row: TokenRow): string => row.token.jti;
  protected readonly texts: RowListTexts = {
    empty: 'No token issued is still valid.',
    emptyTestid: 'no-tokens',
    failed: 'Could not load the tokens.',
  };
  protected readonly rowActions: readonly RowAction<TokenRow>[] = [
    {
      icon: 'block',
      label: 'Revoke',
      danger: true,
      ariaLabel: ({ token: t }) => `Revoke the ${TOKEN_KINDS[t.kind]} token ${t.label ?? t.user_id}`,
      disabled: () => this.actions.busy(),
      run: (row) => this.revoke(row),
    },
  ];

  protected revoke(row: TokenRow): void {
    const t = row.token;
    const name = `${TOKEN_KINDS[t.kind]} token ${t.label ?? t.user_id}`;
    this.actions.confirmThenRun(
      {
        title: `Revoke the ${name}?`,
        message:
          t.kind === 'livestream'
            ? 'The token and its DJ key are refused from now on; if this DJ is on air with it, they are dropped.'
            : 'The token is refused from now on: the listener cannot submit or follow songs with it.',
        action: 'Revoke',
      },
      () => this.tokens.adminTokensControllerRevoke({ jti: t.jti }),
      (revoked) => `Revoked the ${name}${revoked.kicked ? '; the DJ was dropped' : ''}.`,
    );
  }
}
