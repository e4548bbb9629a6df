import { rpcError } from '@h4k/contracts';
import { Injectable } from '@nestjs/common';

import { SessionEnforcer } from '../enforcement/session-enforcer';
import { BootGate } from '../reconcile/boot-gate';
import { SessionStore } from '../session/session.store';
import { cutoffAt } from './allowance';
import { UsageStore } from './usage.store';

/**
 * Admin: zero a user's usage. A DJ on air gets a full allowance from the reset on, so their cut-off
 * moves. The reset script and the end-of-session script are each atomic, so whichever runs first,
 * no time is charged twice or lost.
 */
@Injectable()
export class UsageReset {
  constructor(
    private readonly usage: UsageStore,
    private readonly sessions: SessionStore,
    private readonly enforcer: SessionEnforcer,
    private readonly gate: BootGate,
  ) {}

  async reset(userId: string): Promise<{ userId: string; usedSeconds: number }> {
    await this.gate.ready;
    const outcome = await this.usage.reset(userId, Date.now());
    if (outcome === 'unknown') throw rpcError('NOT_FOUND', `no streaming record for user ${userId}`);
    if (outcome === 'on-air') {
      const current = await this.sessions.current();
      if (current?.userId === userId) this.enforcer.reschedule(current.id, cutoffAt(current, current.chargedFrom, 0));
    }
    return { userId, usedSeconds: 0 };
  }
}
