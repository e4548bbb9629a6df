import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';

import { Harbor, HARBOR_LOADING } from './harbor';

/**
 * Where a DJ's encoder connects, as a `<dl class="facts">`: host, port, mount and user. Rows
 * written inside the element (a password) follow them. Nothing until the station has said where.
 */
@Component({
  selector: 'h4k-harbor-facts',
  template: `
    @if (harbor(); as h) {
      <dl class="facts">
        <dt>{{ hostLabel() }}</dt>
        <dd data-testid="harbor-host">{{ h.host }}</dd>
        <dt>Port</dt>
        <dd data-testid="harbor-port">{{ h.port }}</dd>
        <dt>Mount</dt>
        <dd data-testid="harbor-mount">{{ h.mount }}</dd>
        <dt>User</dt>
        <dd>{{ user() }}</dd>
        <ng-content />
      </dl>
    } @else {
      <p class="muted" data-testid="harbor-loading">{{ loading }}</p>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    dd {
      font-family: monospace;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HarborFacts {
  /** The host row's label (the DJ token card says "Server"). */
  readonly hostLabel = input('Host');
  /** The DJ id: the user name that goes with a DJ key instead of the harbor's. */
  readonly keyUser = input<string>();
  protected readonly harbor = inject(Harbor).endpoint;
  protected readonly loading = HARBOR_LOADING;
  protected readonly user = computed(() => {
    const id = this.keyUser();
    const user = this.harbor()?.user ?? '';
    return id ? `${user} (or ${id} with the DJ key)` : user;
  });
}
