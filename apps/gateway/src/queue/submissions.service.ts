import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

import { type GatewayEnv, logQueueErrors, STATION_ENV } from '@h4k/config';
import {
  ADMIN_OWNER,
  DOWNLOAD_JOB_NAME,
  DOWNLOAD_QUEUE,
  DOWNLOAD_UPLOADS_SUBDIR,
  type DownloadJob,
  type DownloadSource,
  type DownloadTarget,
  PATTERNS,
  publishSongEvent,
  type QueueReserve,
  RpcRemoteError,
  RpcTimeoutError,
  RpcTransportError,
} from '@h4k/contracts';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Request } from 'express';

import { GatewayRedis } from '../redis/redis.module';
import { Services } from '../rpc/services.module';
import type { UserClaims } from '../tokens/token-claims';
import { AddRequests } from './add-requests';
import { receiveSubmission, type SubmissionBody } from './submission-body';

export interface Accepted {
  id: string;
  status: 'downloading';
}

/** Long enough for the RPC transport to reconnect (every 200 ms) and the downloader to resubscribe. */
const VET_RETRY_AFTER_MS = 600;

/** Finished jobs are kept a while for operators, then dropped by BullMQ. */
const KEEP_JOBS = { removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 24 * 3600, count: 1000 } };

/**
 * Turns a request into a download job: reads the link or streams the upload to disk, has the
 * downloader vet it (no fetch), takes a quota slot (one atomic step in the queue service; a
 * listener's upload takes it before its body is read), then enqueues the job. Every refusal undoes what was done before it: the upload is deleted and the
 * slot given back, so a 4xx never leaves a file or a spent slot behind.
 */
@Injectable()
export class SubmissionsService {
  private readonly logger = new Logger(SubmissionsService.name);

  constructor(
    @Inject(STATION_ENV) private readonly env: GatewayEnv,
    @InjectQueue(DOWNLOAD_QUEUE) private readonly downloads: Queue,
    private readonly services: Services,
    private readonly redis: GatewayRedis,
    private readonly addRequests: AddRequests,
  ) {
    logQueueErrors(this.downloads, this.logger);
  }

  /** A listener's song: counted against the token's quota. */
  async submitAsListener(claims: UserClaims, request: Request): Promise<Accepted> {
    if (request.is('multipart/form-data')) return this.uploadAsListener(claims, request);
    return this.withBody(request, async (body) => {
      const { sourceKey } = await this.vet(body);
      const id = await this.reserve({ owner: claims.sub, limit: claims.max_queue_songs, sourceKey });
      return this.releasedOnFailure(id, () => this.acceptReserved(id, body, claims));
    });
  }

  /**
   * An upload takes its quota slot before a byte of its body is stored, under a placeholder source:
   * uploads in flight count, so a listener cannot stream more files at once than their quota allows.
   * The slot learns the upload's real source once it is vetted (one waiting copy per file).
   */
  private async uploadAsListener(claims: UserClaims, request: Request): Promise<Accepted> {
    const id = await this.reserve({
      owner: claims.sub,
      limit: claims.max_queue_songs,
      sourceKey: `upload-in-flight:${randomUUID()}`,
    });
    return this.releasedOnFailure(id, () =>
      this.withBody(request, async (body) => {
        const { sourceKey } = await this.vet(body);
        await this.services.send(PATTERNS.queue.claimSource, { id, sourceKey });
        return this.acceptReserved(id, body, claims);
      }),
    );
  }

  /** Spends one of the token's submissions and enqueues the reserved song; gives the submission back on failure. */
  private async acceptReserved(id: string, body: SubmissionBody, claims: UserClaims): Promise<Accepted> {
    await this.addRequests.take(claims);
    try {
      return await this.enqueue(id, body, 'user', claims.sub);
    } catch (error) {
      await this.addRequests.giveBack(claims);
      throw error;
    }
  }

  /** An admin's song for the listeners' queue: no quota. */
  async submitAsAdmin(request: Request): Promise<Accepted> {
    return this.withBody(request, async (body) => {
      const { sourceKey } = await this.vet(body);
      const id = await this.reserve({ owner: ADMIN_OWNER, sourceKey });
      return this.releasedOnFailure(id, () => this.enqueue(id, body, 'user', ADMIN_OWNER));
    });
  }

  /** A song for the fallback library. */
  async submitToLibrary(request: Request): Promise<Accepted> {
    return this.withBody(request, async (body) => {
      await this.vet(body);
      return this.enqueue(randomUUID(), body, 'fallback', undefined);
    });
  }

  private async withBody(request: Request, accept: (body: SubmissionBody) => Promise<Accepted>): Promise<Accepted> {
    const body = await receiveSubmission(request, {
      uploadsDir: join(this.env.H4K_DATA_DIR, DOWNLOAD_UPLOADS_SUBDIR),
      maxBytes: this.env.MAX_DOWNLOAD_BYTES,
      stall: { idleMs: this.env.UPLOAD_IDLE_SECONDS * 1000, minBytes: this.env.UPLOAD_MIN_PROGRESS_BYTES },
    });
    try {
      return await accept(body);
    } catch (error) {
      if (body.kind === 'file') await rm(body.path, { force: true });
      throw error;
    }
  }

  /** Read-only, so asked once more when the transport dropped it (Redis restarting: back in ~0.3 s). */
  private async vet(body: SubmissionBody): Promise<{ sourceKey: string }> {
    const ask = () => this.services.send(PATTERNS.downloader.vet, { source: sourceOf(body) });
    try {
      return await ask();
    } catch (error) {
      if (!(error instanceof RpcTransportError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, VET_RETRY_AFTER_MS));
      return ask();
    }
  }

  private async enqueue(
    id: string,
    body: SubmissionBody,
    target: DownloadTarget,
    owner: string | undefined,
  ): Promise<Accepted> {
    const job: DownloadJob = { id, source: sourceOf(body), target, owner, title: body.title, artist: body.artist };
    // Known at once, so `GET /queue/{id}` answers before the downloader picks the job up.
    await publishSongEvent(this.redis, { id, status: 'downloading', percent: 0, target, owner });
    await this.downloads.add(DOWNLOAD_JOB_NAME, job, { jobId: id, ...KEEP_JOBS });
    this.logger.log(`song ${id} accepted (${target}, ${body.kind})`);
    return { id, status: 'downloading' };
  }

  /**
   * Takes a slot under an id chosen here. When the answer is lost (no answer in time, Redis restarting)
   * the queue service may still have taken the slot: it is given back before the error is reported, or the
   * listener would be a song short until the hour-old reservation is swept.
   */
  private async reserve(request: Omit<QueueReserve, 'id'>): Promise<string> {
    const id = randomUUID();
    try {
      return (await this.services.send(PATTERNS.queue.reserve, { ...request, id })).id;
    } catch (error) {
      if (error instanceof RpcTimeoutError || error instanceof RpcTransportError) await this.release(id);
      throw error;
    }
  }

  /** Runs `work` for a reserved slot; any failure gives the slot back before it is reported. */
  private async releasedOnFailure<T>(id: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      await this.release(id);
      throw error;
    }
  }

  private async release(id: string): Promise<void> {
    await this.services.send(PATTERNS.queue.release, { id }).catch((error: unknown) => {
      this.logger.warn(`could not release ${id}: ${String(error)}`);
    });
  }
}

function sourceOf(body: SubmissionBody): DownloadSource {
  return body.kind === 'url' ? { kind: 'url', url: body.url } : { kind: 'file', path: body.path };
}

export function isRemoteCode(error: unknown, code: string): boolean {
  return error instanceof RpcRemoteError && error.code === code;
}
