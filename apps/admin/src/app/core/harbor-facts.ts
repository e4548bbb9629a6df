import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { Harbor } from './harbor';

/**
 * Where a DJ's encoder connects, as rows of a `<dl class="facts">`: host, port, mount and user.
 * Rows written inside the `<dl>` (a password) follow them.
 */
@Component({
  selector: 'dl[h4kHarborFacts]',
  template: `
    <dt>{{ hostLabel() }}</dt>
    <dd data-testid="harbor-host">{{ harbor().host }}</dd>
    <dt>Port</dt>
    <dd data-testid="harbor-port">{{ harbor().port }}</dd>
    <dt>Mount</dt>
    <dd data-testid="harbor-mount">{{ harbor().mount }}</dd>
    <dt>User</dt>
    <dd>{{ user() }}</dd>
    <ng-content />
  `,
  styles: `
    dd {
      font-family: monospace;
    }
  `,
  host: { class: 'facts' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HarborFacts {
  /** What the encoder calls the host field (OBS and BUTT say "Host", others "Server"). */
  readonly hostLabel = input('Host');
  /** The DJ id: the user name that goes with a DJ key instead of the harbor's. */
  readonly keyUser = input<string>();
  protected readonly harbor = inject(Harbor).endpoint;
  protected readonly user = computed(() => {
    const id = this.keyUser();
    return id ? `${this.harbor().user} (or ${id} with the DJ key)` : this.harbor().user;
  });
}
