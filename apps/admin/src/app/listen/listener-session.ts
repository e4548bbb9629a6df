import { computed, Injectable } from '@angular/core';

import { jwtPayload, numberClaim } from '../core/jwt-claims';
import { StoredToken } from '../core/stored-token';

/** Where a listener's token is kept between visits (this browser only). */
export const LISTENER_TOKEN_KEY = 'h4kstream.listenerToken';

/** The listener token of this browser, from a shared link `/?token=…` or pasted; removable. */
@Injectable({ providedIn: 'root' })
export class ListenerSession extends StoredToken {
  /** When the token stops working, from its own claims (null when it says nothing readable). */
  readonly expiresAt = computed(() => {
    const token = this.value();
    const payload = token ? jwtPayload(token) : null;
    const exp = payload ? numberClaim(payload, 'exp') : null;
    return exp === null ? null : new Date(exp * 1000);
  });

  constructor() {
    super(LISTENER_TOKEN_KEY);
  }
}
