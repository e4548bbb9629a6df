import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Response } from 'express';

import { GatewayChannels } from '../redis/redis.module';

/** Revoked token ids, for the open streams of every gateway. */
const REVOKED_CHANNEL = 'h4k:tokens:revoked';

/**
 * Notice of a revocation, for what a guard let through before it: a listener's open event stream is
 * cut as its token is revoked, not at the next reconnect, on whichever gateway serves it (Redis
 * pub/sub; the revoking gateway cuts its own at once, without waiting for Redis).
 */
@Injectable()
export class RevokedTokenSignals implements OnModuleInit {
  private readonly waiting = new Map<string, Set<() => void>>();

  constructor(private readonly channels: GatewayChannels) {}

  onModuleInit(): void {
    this.channels.listen(REVOKED_CHANNEL, (body, fromSelf) => {
      const jti = (body as { jti?: unknown } | null)?.jti;
      if (!fromSelf && typeof jti === 'string') this.end(jti);
    });
  }

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

  /** The denylist already refuses the token; a gateway that misses this message cuts the stream at its next reconnect. */
  async revoked(jti: string): Promise<void> {
    this.end(jti);
    await this.channels.publish(REVOKED_CHANNEL, { jti }).catch(() => undefined);
  }

  private end(jti: string): void {
    const callbacks = this.waiting.get(jti);
    this.waiting.delete(jti);
    for (const end of callbacks ?? []) end();
  }
}
