import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';

import { Harbor } from './harbor';

/**
 * Where a DJ's encoder connects, as a `<dl class="facts">`: host, port, mount and user. Rows
 * written inside the element (a password) follow them.
 */
@Component({
  selector: 'h4k-harbor-facts',
  template: `
    <dl class="facts">
      <dt>{{ hostLabel() }}</dt>
      <dd data-testid="harbor-host">{{ harbor().host }}</dd>
      <dt>Port</dt>
      <dd data-testid="harbor-port">{{ harbor().port }}</dd>
      <dt>Mount</dt>
      <dd data-testid="harbor-mount">{{ harbor().mount }}</dd>
      <dt>User</dt>
      <dd>{{ user() }}</dd>
      <ng-content />
    </dl>
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
  protected readonly user = computed(() => {
    const id = this.keyUser();
    return id ? `${this.harbor().user} (or ${id} with the DJ key)` : this.harbor().user;
  });
}
