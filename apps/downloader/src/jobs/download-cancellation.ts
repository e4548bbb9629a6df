import { logQueueErrors } from '@h4k/config';
import { DOWNLOAD_QUEUE, type DownloadCancelResult, downloadJobSchema } from '@h4k/contracts';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';

import { ActiveJobs } from './active-jobs';
import { DownloadEvents } from './download-events';

const WAITING_STATES = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);

@Injectable()
export class DownloadCancellation {
  constructor(
    @InjectQueue(DOWNLOAD_QUEUE) private readonly queue: Queue,
    private readonly active: ActiveJobs,
    private readonly events: DownloadEvents,
  ) {
    logQueueErrors(queue, new Logger(DownloadCancellation.name));
  }

  /**
   * A waiting job is removed here; an active one is stopped by whichever instance runs it
   * (it then publishes `removed: cancelled` itself). Safe to run on several instances at once.
   */
  async cancel(id: string): Promise<DownloadCancelResult> {
    const job = await this.queue.getJob(id);
    if (!job) return { id, state: 'unknown', cancelled: false };
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') return { id, state: 'finished', cancelled: false };
    if (WAITING_STATES.has(state)) {
      try {
        await job.remove();
        const data = downloadJobSchema.safeParse(job.data);
        const { target, owner } = data.success ? data.data : { target: undefined, owner: undefined };
        await this.events.publish({ id, status: 'removed', reason: 'cancelled', target, owner });
        return { id, state: 'waiting', cancelled: true };
      } catch {
        // Locked: a worker picked it up meanwhile; fall through to the active path.
      }
    }
    await this.active.cancelEverywhere(id);
    return { id, state: 'active', cancelled: true };
  }
}
