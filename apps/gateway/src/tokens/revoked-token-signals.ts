import { Injectable } from '@nestjs/common';
import type { Response } from 'express';

/**
 * In-process notice of a revocation, for what a guard let through before it: a listener's open event
 * stream is cut as its token is revoked, not at the next reconnect. One gateway process serves every
 * stream; several would need this over Redis pub/sub.
 */
@Injectable()
export class RevokedTokenSignals {
  private readonly waiting = new Map<string, Set<() => void>>();

  /** Ends `response` if `jti` is revoked while it is open. */
  endOnRevocation(jti: string, response: Response): void {
    const end = (): void => {
      response.destroy();
    };
    const callbacks = this.waiting.get(jti) ?? new Set<() => void>();
    callbacks.add(end);
    this.waiting.set(jti, callbacks);
    response.once('close', () => {
      callbacks.delete(end);
      if (callbacks.size === 0 && this.waiting.get(jti) === callbacks) this.waiting.delete(jti);
    });
  }

  revoked(jti: string): void {
    const callbacks = this.waiting.get(jti);
    this.waiting.delete(jti);
    for (const end of callbacks ?? []) end();
  }
}
