import { Inject, Injectable, Logger } from '@nestjs/common';

import { describeError } from '../describe-error';
import { LiveSource } from '../liquidsoap/live-source';
import { SlotStore } from '../slot/slot.store';
import { LIVESTREAM_TIMINGS, type LivestreamTimings } from '../timings';
import type { EnforcedSession } from './enforced-session';

/**
 * Renews the slot's lease while a DJ is on air, and asks Liquidsoap whether they still are: a lost
 * disconnect callback then ends the session within one period instead of holding the slot forever.
 * When Liquidsoap cannot be asked, the lease is renewed anyway (the DJ may well be on air).
 */
@Injectable()
export class LeaseKeeper {
  private readonly logger = new Logger('LeaseKeeper');

  constructor(
    private readonly slots: SlotStore,
    private readonly source: LiveSource,
    @Inject(LIVESTREAM_TIMINGS) private readonly timings: LivestreamTimings,
  ) {}

  /** Runs until `signal` aborts; `onSourceGone` is called each time Liquidsoap reports no DJ. */
  keep(session: EnforcedSession, signal: AbortSignal, onSourceGone: () => void): void {
    let busy = false;
    const tick = async (): Promise<void> => {
      if (busy || signal.aborted) return;
      busy = true;
      try {
        await this.renew(session);
        if (!signal.aborted && (await this.sourceGone())) onSourceGone();
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void tick(), this.timings.renewEveryMs);
    signal.addEventListener('abort', () => clearInterval(timer), { once: true });
    void this.renew(session);
  }

  private async renew(session: EnforcedSession): Promise<void> {
    try {
      if ((await this.slots.renew(session)) === 'held-by-another') {
        this.logger.error(`the slot is held by another user while ${session.userId} is on air`);
      }
    } catch (error) {
      this.logger.error(`could not renew ${session.userId}'s lease: ${describeError(error)}`);
    }
  }

  private async sourceGone(): Promise<boolean> {
    try {
      return !(await this.source.isConnected());
    } catch (error) {
      this.logger.warn(`cannot ask Liquidsoap whether the DJ is still connected: ${describeError(error)}`);
      return false;
    }
  }
}
