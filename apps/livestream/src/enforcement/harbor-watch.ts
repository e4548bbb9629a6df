import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

import { describeError } from '../describe-error';
import { LiveSessions } from '../session/live-sessions';
import { LIVESTREAM_TIMINGS, type LivestreamTimings } from '../timings';

/**
 * Reconciles the harbor against the record, from the harbor's side, all the time: an encoder on the
 * harbor that no session or grant accounts for is dropped within one renewal period, well inside the
 * slot's lease. (The lease keeper covers the other side: a session whose encoder is gone ends.)
 */
@Injectable()
export class HarborWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('HarborWatch');
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(
    private readonly sessions: LiveSessions,
    @Inject(LIVESTREAM_TIMINGS) private readonly timings: LivestreamTimings,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.check(), this.timings.renewEveryMs);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async check(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.sessions.dropUnrecordedSource();
    } catch (error) {
      this.logger.warn(`harbor check failed, retrying next period: ${describeError(error)}`);
    } finally {
      this.busy = false;
    }
  }
}
