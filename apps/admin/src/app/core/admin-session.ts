import { Injectable, computed, signal } from '@angular/core';

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
  private readonly stored = signal<string | null>(readStored());

  readonly token = this.stored.asReadonly();
  readonly signedIn = computed(() => this.stored() !== null);

  signIn(token: string): void {
    const trimmed = token.trim();
    if (!trimmed) return;
    this.stored.set(trimmed);
    writeStored(trimmed);
  }

  signOut(): void {
    this.stored.set(null);
    writeStored(null);
  }
}

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(ADMIN_TOKEN_KEY) || null;
  } catch {
    return null; // storage disabled (privacy mode): the session lasts until reload
  }
}

function writeStored(token: string | null): void {
  try {
    if (token === null) globalThis.localStorage?.removeItem(ADMIN_TOKEN_KEY);
    else globalThis.localStorage?.setItem(ADMIN_TOKEN_KEY, token);
  } catch {
    // see readStored
  }
}
