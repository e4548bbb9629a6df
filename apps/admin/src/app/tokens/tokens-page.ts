import { ChangeDetectionStrategy, Component } from '@angular/core';

import { AdminOnly } from '../core/admin-sign-in';
import { PageReload } from '../core/page-reload';
import { DjTokenCard } from '../live/dj-token-card';
import { ListenerTokenCard } from '../queue/listener-token-card';
import { IssuedTokensCard } from './issued-tokens-card';

/** Mint listener and DJ tokens (each shown once, with its link), and list or revoke the issued ones. */
@Component({
  selector: 'h4k-tokens-page',
  imports: [AdminOnly, DjTokenCard, IssuedTokensCard, ListenerTokenCard],
  providers: [PageReload],
  template: `
    <h1 class="page-title">Tokens</h1>
    <ng-container *h4kAdminOnly="'Sign in to mint, list and revoke tokens.'">
      <div class="card-pair">
        <h4k-listener-token-card />
        <h4k-dj-token-card />
      </div>
      <h4k-issued-tokens-card />
    </ng-container>
  `,
  host: { class: 'page-stack' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class TokensPage {}
