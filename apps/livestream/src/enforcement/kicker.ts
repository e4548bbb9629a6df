import { setTimeout as delay } from 'node:timers/promises';

import { Inject, Injectable, Logger } from '@nestjs/common';

import { describeError } from '../describe-error';
import { LiveSource } from '../liquidsoap/live-source';
import { LIVESTREAM_TIMINGS, type LivestreamTimings } from '../timings';

/** Drops the DJ, and keeps trying while Liquidsoap does not answer: enforcement never silently stops. */
@Injectable()
export class Kicker {
  private readonly logger = new Logger('Kicker');

  constructor(
    private readonly source: LiveSource,
    @Inject(LIVESTREAM_TIMINGS) private readonly timings: LivestreamTimings,
  ) {}

  /** Resolves true once the source is stopped, false if `signal` aborted first (the session ended). */
  async kick(userId: string, signal: AbortSignal): Promise<boolean> {
    for (let attempt = 1; !signal.aborted; attempt++) {
      try {
        await this.source.stop();
        if (attempt > 1) this.logger.warn(`kicked ${userId} at attempt ${attempt}`);
        return true;
      } catch (error) {
        this.logger.error(
          `kick of ${userId} failed (attempt ${attempt}), retrying in ${this.timings.kickRetryMs} ms: ${describeError(error)}`,
        );
        await delay(this.timings.kickRetryMs, undefined, { signal }).catch(() => undefined);
      }
    }
    return false;
  }
}
