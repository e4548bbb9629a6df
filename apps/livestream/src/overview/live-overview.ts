import type { LivestreamStatus, LivestreamUserUsage } from '@h4k/contracts';
import { Injectable } from '@nestjs/common';

import { allowanceLeftMs, remainingSeconds, usedSeconds } from '../accounting/allowance';
import { UsageStore } from '../accounting/usage.store';
import { BootGate } from '../reconcile/boot-gate';
import { SessionStore } from '../session/session.store';
import { onAirView, pendingView } from '../session/session-view';
import { SlotStore } from '../slot/slot.store';

/** Read-only views for the admin: who is live, and everyone's usage (a session in progress included). */
@Injectable()
export class LiveOverview {
  constructor(
    private readonly sessions: SessionStore,
    private readonly slots: SlotStore,
    private readonly usage: UsageStore,
    private readonly gate: BootGate,
  ) {}

  async status(): Promise<LivestreamStatus> {
    await this.gate.ready;
    const now = Date.now();
    const session = await this.sessions.current();
    if (session) return { live: onAirView(session, await this.usage.usedMs(session.userId), now) };
    const grant = await this.slots.pending();
    if (grant) return { live: pendingView(grant, await this.usage.usedMs(grant.userId), now) };
    return { live: null };
  }

  async users(): Promise<LivestreamUserUsage[]> {
    await this.gate.ready;
    const now = Date.now();
    const [stored, session] = await Promise.all([this.usage.list(), this.sessions.current()]);
    if (session && !stored.some((entry) => entry.userId === session.userId)) {
      stored.push({
        userId: session.userId,
        usedMs: 0,
        maxStreamingSeconds: session.maxStreamingSeconds,
        kicked: false,
      });
    }
    return stored.map(({ userId, usedMs, maxStreamingSeconds, kicked }) => {
      const totalMs = usedMs + (session?.userId === userId ? Math.max(0, now - session.chargedFrom) : 0);
      return {
        userId,
        usedSeconds: usedSeconds(totalMs),
        maxStreamingSeconds,
        remainingSeconds:
          maxStreamingSeconds === null ? null : remainingSeconds(allowanceLeftMs(maxStreamingSeconds, totalMs)),
        kicked,
      };
    });
  }
}
