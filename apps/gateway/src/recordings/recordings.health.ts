import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

import { RecordingsStore } from './recordings.store';

/** /health's `recordings` part: down while recording is paused for want of disk space. */
@Injectable()
export class RecordingsHealth {
  constructor(
    private readonly store: RecordingsStore,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('recordings');
    const { recording, freeMb } = await this.store.state();
    const min = this.store.settings.RECORDINGS_MIN_FREE_MB;
    if (recording === 'paused') {
      return check.down({
        detail: `paused: ${freeMb} MB free where recordings go (< RECORDINGS_MIN_FREE_MB ${min}): live sets are not recorded`,
        free_mb: freeMb,
        min_free_mb: min,
      });
    }
    return check.up({
      detail: recording === 'off' ? 'off (RECORDINGS=false)' : `on, ${freeMb ?? '?'} MB free`,
      free_mb: freeMb,
      min_free_mb: min,
    });
  }
}
