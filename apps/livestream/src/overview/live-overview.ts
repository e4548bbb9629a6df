import type { LivestreamStatus, LivestreamUserUsage } from '@h4k/contracts';
import { Injectable, Logger } from '@nestjs/common';

import { allowanceLeftMs, remainingSeconds, usedSeconds } from '../accounting/allowance';
import { UsageStore } from '../accounting/usage.store';
import { BootGate } from '../reconcile/boot-gate';
import { SessionStore } from '../session/session.store';
import { onAirView, pendingView } from '../session/session-view';
import type { StoredSession } from '../session/stored-session';
import { SlotStore } from '../slot/slot.store';

/** A session that ends while it is read is read again, at most this often. */
const MAX_READS = 5;

/** Read-only views for the admin: who is live, and everyone's usage (a session in progress included). */
@Injectable()
export class LiveOverview {
  private readonly logger = new Logger(LiveOverview.name);

  constructor(
    private readonly sessions: SessionStore,
    private readonly slots: SlotStore,
    private readonly usage: UsageStore,
    private readonly gate: BootGate,
  ) {}

  async status(): Promise<LivestreamStatus> {
    await this.gate.ready;
    const { session, value: usedMs } = await this.withSession((current) =>
      current ? this.usage.usedMs(current.userId) : Promise.resolve(0),
    );
    const now = Date.now();
    if (session) return { live: onAirView(session, usedMs, now) };
    const grant = await this.slots.pending();
    if (grant) return { live: pendingView(grant, await this.usage.usedMs(grant.userId), now) };
    return { live: null };
  }

  async users(): Promise<LivestreamUserUsage[]> {
    await this.gate.ready;
    const { session, value: stored } = await this.withSession(() => this.usage.list());
    const now = Date.now();
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

  /**
   * Reads the usage counters with the session in progress. A session's time moves into the counters when it
   * ends (or is reset), in one Redis script, so a read of the counters and a read of the session taken
   * either side of that moment would count it twice or not at all (seen: 56 s shown for a 28 s set). Read
   * again until the session on record is the same before and after.
   */
  private async withSession<T>(
    read: (session: StoredSession | null) => Promise<T>,
  ): Promise<{ session: StoredSession | null; value: T }> {
    for (let attempt = 1; ; attempt++) {
      const before = await this.sessions.current();
      const value = await read(before);
      const after = await this.sessions.current();
      const same = before?.id === after?.id && before?.chargedFrom === after?.chargedFrom;
      if (same) return { session: after, value };
      if (attempt >= MAX_READS) {
        // Sessions starting and ending faster than a few Redis reads: the counters may be off by one set.
        this.logger.warn(`the live session changed during each of ${MAX_READS} reads: usage may be off by one set`);
        return { session: after, value };
      }
    }
  }
}
