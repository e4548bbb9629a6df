import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';

import type { EnforcedSession } from './enforced-session';
import { Kicker } from './kicker';
import { LeaseKeeper } from './lease-keeper';

/** Why the tracked session should end now: Liquidsoap dropped it on our order, or reports it gone. */
export type SourceGoneReason = 'kicked' | 'not-connected';

interface Tracked extends EnforcedSession {
  cutoffAt: number;
  onSourceGone: (reason: SourceGoneReason) => void;
  /** Aborted when the session ends: stops lease renewal and any kick in progress. */
  session: AbortController;
  /** Aborted when the cut-off moves (admin reset): a pending or retrying kick is for the old moment. */
  cutoff: AbortController;
  timer?: NodeJS.Timeout;
}

/**
 * Holds the one session on air to its limit: one timer for the exact cut-off moment (no polling),
 * a kick that retries until it works, and the lease renewal. Never touches accounting itself.
 */
@Injectable()
export class SessionEnforcer implements OnApplicationShutdown {
  private readonly logger = new Logger('SessionEnforcer');
  private tracked: Tracked | null = null;

  constructor(
    private readonly kicker: Kicker,
    private readonly leases: LeaseKeeper,
  ) {}

  track(session: EnforcedSession, cutoffAt: number, onSourceGone: (reason: SourceGoneReason) => void): void {
    this.untrack();
    const sessionAbort = new AbortController();
    const tracked: Tracked = {
      ...session,
      cutoffAt,
      onSourceGone,
      session: sessionAbort,
      cutoff: new AbortController(),
    };
    this.tracked = tracked;
    this.schedule(tracked, cutoffAt);
    this.leases.keep(session, sessionAbort.signal, () => {
      if (!sessionAbort.signal.aborted) onSourceGone('not-connected');
    });
    this.logger.log(`${session.userId} is on air until ${new Date(cutoffAt).toISOString()}`);
  }

  /** Moves the cut-off of the tracked session (its user was given time back). */
  reschedule(sessionId: string, cutoffAt: number): void {
    const tracked = this.tracked;
    if (!tracked || tracked.id !== sessionId) return;
    tracked.cutoff.abort();
    tracked.cutoff = new AbortController();
    this.schedule(tracked, cutoffAt);
    this.logger.log(`${tracked.userId}'s cut-off moved to ${new Date(cutoffAt).toISOString()}`);
  }

  /** Stops enforcing (the session ended, or the service is stopping and Redis keeps the session). */
  untrack(sessionId?: string): void {
    const tracked = this.tracked;
    if (!tracked || (sessionId !== undefined && tracked.id !== sessionId)) return;
    clearTimeout(tracked.timer);
    tracked.cutoff.abort();
    tracked.session.abort();
    this.tracked = null;
  }

  cutoffOf(sessionId: string): number | null {
    return this.tracked?.id === sessionId ? this.tracked.cutoffAt : null;
  }

  onApplicationShutdown(): void {
    this.untrack();
  }

  private schedule(tracked: Tracked, cutoffAt: number): void {
    clearTimeout(tracked.timer);
    tracked.cutoffAt = cutoffAt;
    const cutoff = tracked.cutoff;
    tracked.timer = setTimeout(() => void this.cutOff(tracked, cutoff), Math.max(0, cutoffAt - Date.now()));
  }

  private async cutOff(tracked: Tracked, cutoff: AbortController): Promise<void> {
    this.logger.log(`${tracked.userId}'s time is up (timer ${Date.now() - tracked.cutoffAt} ms late): kicking`);
    const signal = AbortSignal.any([tracked.session.signal, cutoff.signal]);
    if (await this.kicker.kick(tracked.userId, signal)) {
      this.logger.log(`${tracked.userId} kicked ${Date.now() - tracked.cutoffAt} ms after the cut-off`);
      if (!tracked.session.signal.aborted) tracked.onSourceGone('kicked');
    }
  }
}
