import { setTimeout as delay } from 'node:timers/promises';

import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

import { describeError } from '../describe-error';
import { LiveSource } from '../liquidsoap/live-source';
import { LiveSessions } from '../session/live-sessions';
import { SessionStore } from '../session/session.store';
import { BootGate } from './boot-gate';

const RETRY_MS = 1_000;

/**
 * On boot, picks up a session a previous run left on record before any new grant is given:
 * - Liquidsoap reports the DJ still connected: keep it, cut-off rescheduled, lease renewed.
 * - Liquidsoap reports nobody: charge up to now (capped at their cut-off) and clear it.
 * - Liquidsoap cannot be asked: keep it; the lease renewal asks again every period and ends the
 *   session once Liquidsoap reports nobody, and the cut-off still fires. Accounting is never dropped.
 * A pending grant (authorized, not connected) is left alone: its lease decides.
 */
@Injectable()
export class Reconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reconciler');
  private readonly stopping = new AbortController();

  constructor(
    private readonly store: SessionStore,
    private readonly source: LiveSource,
    private readonly sessions: LiveSessions,
    private readonly gate: BootGate,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: the health handler must answer even while Redis is still coming up.
    void this.run();
  }

  onApplicationShutdown(): void {
    this.stopping.abort();
  }

  private async run(): Promise<void> {
    for (let attempt = 1; !this.stopping.signal.aborted; attempt++) {
      try {
        await this.reconcile();
        this.gate.open();
        return;
      } catch (error) {
        this.logger.error(`reconciliation failed (attempt ${attempt}), retrying: ${describeError(error)}`);
        await delay(RETRY_MS, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    }
  }

  private async reconcile(): Promise<void> {
    const session = await this.store.current();
    if (!session) return;
    let connected: boolean | null = null;
    try {
      connected = await this.source.isConnected();
    } catch (error) {
      this.logger.warn(`cannot ask Liquidsoap about ${session.userId}'s session, keeping it: ${describeError(error)}`);
    }
    if (connected === false) {
      await this.sessions.closeUnobserved(session, 'gone while the service was down');
      return;
    }
    await this.sessions.resume(session);
    this.logger.log(`resumed ${session.userId}'s session from ${new Date(session.startedAt).toISOString()}`);
  }
}
