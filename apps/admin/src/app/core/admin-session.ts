import { Injectable } from '@angular/core';

import { StoredToken } from './stored-token';

/** Where the admin token is kept between visits (this browser only). */
export const ADMIN_TOKEN_KEY = 'h4kstream.adminToken';

/**
 * The admin token (one of the gateway's ADMIN_API_TOKEN list). There is no login endpoint: the
 * token is kept as typed and the first admin call proves it; a 401 forgets it again
 * (see `authInterceptor`). Kept in localStorage so a station laptop stays signed in across
 * reloads; "Sign out" removes it.
 */
@Injectable({ providedIn: 'root' })
export class AdminSession {
  private readonly stored = new StoredToken(ADMIN_TOKEN_KEY);

  readonly token = this.stored.value;
  readonly signedIn = this.stored.present;

  signIn(token: string): void {
    this.stored.set(token);
  }

  signOut(): void {
    this.stored.clear();
  }
}
