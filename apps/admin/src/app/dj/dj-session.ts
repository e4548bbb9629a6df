import { computed, Injectable } from '@angular/core';

import { jwtPayload, numberClaim, stringClaim } from '../core/jwt-claims';
import { StoredToken } from '../core/stored-token';

export const DJ_TOKEN_KEY = 'h4kstream.djToken';
export const DJ_KEY_KEY = 'h4kstream.djKey';

/** What a DJ token says about itself (its payload; the gateway checks the signature). */
export interface DjClaims {
  readonly userId: string | null;
  readonly label: string | null;
  readonly maxStreamingSeconds: number | null;
  readonly expiresAt: Date | null;
}

/** The DJ's token (and the short DJ key when their link had one), from `/dj?token=…&key=…`; removable. */
@Injectable({ providedIn: 'root' })
export class DjSession {
  readonly token = new StoredToken(DJ_TOKEN_KEY);
  readonly key = new StoredToken(DJ_KEY_KEY);

  readonly claims = computed<DjClaims | null>(() => {
    const token = this.token.value();
    const payload = token ? jwtPayload(token) : null;
    if (!payload || payload['type'] !== 'livestream') return null;
    const exp = numberClaim(payload, 'exp');
    return {
      userId: stringClaim(payload, 'user_id'),
      label: stringClaim(payload, 'label'),
      maxStreamingSeconds: numberClaim(payload, 'max_streaming_seconds'),
      expiresAt: exp === null ? null : new Date(exp * 1000),
    };
  });

  /** The harbor password to show: the short key when known (every encoder takes it), else the token. */
  readonly password = computed(() => this.key.value() ?? this.token.value());

  keep(token: string, key: string | null): void {
    this.token.set(token);
    if (key) this.key.set(key);
    else this.key.clear();
  }

  forget(): void {
    this.token.clear();
    this.key.clear();
  }
}
