import { rm } from 'node:fs/promises';

import { type DownloaderEnv, STATION_ENV } from '@h4k/config';
import { DOWNLOAD_QUEUE, downloadJobSchema, type SongEvent } from '@h4k/contracts';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';

import { ActiveJobs } from './active-jobs';
import { DownloadEvents } from './download-events';
import { SongPipeline } from './song-pipeline';
import { abortReason, SongRefused } from './song-refused';

export interface DownloadResult {
  file: string;
  /** Which process did the work (hostname:pid), for operators and the exactly-once test. */
  worker: string;
}

/** A competing consumer of the download queue: BullMQ hands each job to exactly one instance. */
@Processor(DOWNLOAD_QUEUE)
export class DownloadProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(DownloadProcessor.name);
  readonly workerName = `${process.env['HOSTNAME'] ?? 'downloader'}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    @Inject(STATION_ENV) private readonly env: DownloaderEnv,
    private readonly pipeline: SongPipeline,
    private readonly events: DownloadEvents,
    private readonly active: ActiveJobs,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.env.DOWNLOADER_CONCURRENCY;
  }

  async process(job: Job): Promise<DownloadResult> {
    const parsed = downloadJobSchema.safeParse(job.data);
    if (!parsed.success) {
      const id = typeof job.id === 'string' ? job.id : 'unknown';
      this.logger.warn(`job ${id} has an invalid payload: ${parsed.error.message}`);
      throw new UnrecoverableError('invalid job payload');
    }
    const data = parsed.data;
    const controller = this.active.start(data.id);
    const report = (event: Omit<SongEvent, 'id' | 'target' | 'owner'>): void => {
      const full: SongEvent = { id: data.id, target: data.target, owner: data.owner, ...event };
      void job.updateProgress(full).catch(() => undefined);
      void this.events.publish(full);
    };
    let file: string;
    try {
      file = await this.pipeline.run(data, controller.signal, report);
    } catch (error) {
      const reason = controller.signal.aborted
        ? abortReason(controller.signal)
        : error instanceof SongRefused
          ? error.message
          : 'failed: internal error while processing the song';
      if (error instanceof SongRefused && error.detail) {
        // The admin's view of a refusal: kept with the job in Redis and in the log, never in the song event.
        this.logger.warn(`job ${data.id} refused: ${error.message} (${error.detail})`);
        await job.log(`refused: ${error.detail}`).catch(() => 0);
      }
      if (!(error instanceof SongRefused) && !controller.signal.aborted) {
        this.logger.error(`job ${data.id}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
      // A cancel comes from a deletion: the song is `removed`, not failed.
      const cancelled = controller.signal.aborted && reason === 'cancelled';
      report(cancelled ? { status: 'removed', reason } : { status: 'failed', reason });
      // Refusals and cancels are final: retrying would refuse again (or undo the cancel).
      throw new UnrecoverableError(reason);
    } finally {
      this.active.finish(data.id);
    }
    const ready: SongEvent = {
      id: data.id,
      target: data.target,
      owner: data.owner,
      status: 'ready',
      percent: 100,
      file,
    };
    void job.updateProgress(ready).catch(() => undefined);
    if (!(await this.events.publish(ready))) {
      // Deleted while it was processed, before the cancel reached this job: nobody will take the file.
      await rm(file, { force: true });
      this.logger.log(`job ${data.id}: the song was removed meanwhile; its file is deleted`);
      throw new UnrecoverableError('removed');
    }
    return { file, worker: this.workerName };
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.error(`worker error: ${error.message}`);
  }
}
