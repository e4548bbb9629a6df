import { type LivestreamAuthorize, type LivestreamGrant, rpcError } from '@h4k/contracts';
import { Injectable, Logger } from '@nestjs/common';

import { allowanceLeftMs, MIN_GRANT_MS, remainingSeconds } from '../accounting/allowance';
import { BootGate } from '../reconcile/boot-gate';
import { SlotStore } from './slot.store';

/**
 * Harbor auth, after the gateway verified the token: the user must have time left and the slot
 * must be free, or already theirs (an encoder reconnecting after a hiccup gets back on, with the
 * time it has left; its usage includes the session still on record).
 */
@Injectable()
export class Authorizer {
  private readonly logger = new Logger('Authorizer');

  constructor(
    private readonly slots: SlotStore,
    private readonly gate: BootGate,
  ) {}

  async authorize(claims: LivestreamAuthorize): Promise<LivestreamGrant> {
    // A previous run's session must be back on record first, or its DJ's slot would look free.
    await this.gate.ready;
    const now = Date.now();
    const tokenLeftMs = claims.tokenExpiresAt * 1000 - now;
    if (tokenLeftMs < MIN_GRANT_MS) throw rpcError('FORBIDDEN', 'token expired');
    const { outcome, usedMs } = await this.slots.reserve({ ...claims, authorizedAt: now });
    if (outcome === 'FORBIDDEN') throw rpcError('FORBIDDEN', 'no streaming time left');
    if (outcome === 'CONFLICT') throw rpcError('CONFLICT', 'another DJ is live');
    if (outcome === 'KICKED') throw rpcError('FORBIDDEN', 'kicked off the air: refused until an admin resets this DJ');
    const remainingMs = Math.min(allowanceLeftMs(claims.maxStreamingSeconds, usedMs), tokenLeftMs);
    this.logger.log(`${claims.userId} authorized from ${claims.address}, ${Math.round(remainingMs / 1000)} s left`);
    return { userId: claims.userId, remainingSeconds: remainingSeconds(remainingMs) };
  }
}
