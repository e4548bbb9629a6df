import { randomUUID } from 'node:crypto';

import { type GatewayEnv, logQueueErrors, redisConnection, STATION_ENV } from '@h4k/config';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Subscription } from 'rxjs';

import { type StationEvent, StationEvents } from './station-events';
import { WebhookRegistry } from './webhook-registry';
import { WebhookSender } from './webhook-sender';

/** Do not rename without a migration: queued deliveries live under `bull:h4k-webhooks:*`. */
export const WEBHOOK_QUEUE = 'h4k-webhooks';
/** Attempts per event and the first retry's delay; each retry waits twice as long (1, 2, 4 … 64 s). */
export const WEBHOOK_ATTEMPTS = 8;
export const WEBHOOK_BACKOFF_MS = Symbol('WEBHOOK_BACKOFF_MS');
export const DEFAULT_BACKOFF_MS = 1000;
const CONCURRENCY = 4;

interface DeliveryJob {
  hookId: string;
  event: StationEvent;
}

/**
 * Turns each station event into one BullMQ job per subscribed webhook, and works those jobs:
 * the gateway delivers, since every event starts here and the webhooks are its own keys; a worker
 * in the downloader would wait behind minutes-long downloads. Several gateways compete for jobs
 * like any BullMQ workers, and one event seen by two of them is queued once (same job id).
 */
@Injectable()
export class WebhookDeliveries implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDeliveries.name);
  private queue: Queue<DeliveryJob> | undefined;
  private worker: Worker<DeliveryJob> | undefined;
  private subscription: Subscription | undefined;

  constructor(
    @Inject(STATION_ENV) private readonly env: GatewayEnv,
    @Inject(WEBHOOK_BACKOFF_MS) private readonly backoffMs: number,
    private readonly events: StationEvents,
    private readonly registry: WebhookRegistry,
    private readonly sender: WebhookSender,
  ) {}

  onModuleInit(): void {
    const connection = { ...redisConnection(this.env), maxRetriesPerRequest: null };
    this.queue = new Queue<DeliveryJob>(WEBHOOK_QUEUE, { connection });
    logQueueErrors(this.queue, this.logger);
    this.worker = new Worker<DeliveryJob>(WEBHOOK_QUEUE, (job) => this.deliver(job), {
      connection,
      concurrency: CONCURRENCY,
    });
    logQueueErrors(this.worker, this.logger);
    this.subscription = this.events.events.subscribe((event) => {
      this.enqueue(event).catch((error: unknown) =>
        this.logger.warn(`could not queue ${event.type} for webhooks: ${String(error)}`),
      );
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.worker?.close();
    await this.queue?.close();
  }

  private async enqueue(event: StationEvent): Promise<void> {
    if (!this.queue) return;
    const hooks = (await this.registry.allStored()).filter((hook) => hook.enabled && hook.events.includes(event.type));
    if (hooks.length === 0) return;
    await this.queue.addBulk(
      hooks.map((hook) => ({
        name: event.type,
        data: { hookId: hook.id, event },
        opts: {
          jobId: `${hook.id}-${event.id}`,
          attempts: WEBHOOK_ATTEMPTS,
          backoff: { type: 'exponential', delay: this.backoffMs },
          removeOnComplete: { age: 24 * 3600, count: 1000 },
          removeOnFail: { age: 24 * 3600, count: 1000 },
        },
      })),
    );
  }

  /** One attempt: recorded either way; a failure throws so BullMQ retries it after its backoff. */
  private async deliver(job: Job<DeliveryJob>): Promise<void> {
    const hook = await this.registry.stored(job.data.hookId);
    if (!hook?.enabled) return; // deleted or disabled since: nothing to send
    const started = Date.now();
    const result = await this.sender.send(hook, job.data.event);
    const stillEnabled = await this.registry.recordAttempt(hook, {
      id: randomUUID(),
      eventId: job.data.event.id,
      event: job.data.event.type,
      attempt: job.attemptsMade + 1,
      status: result.ok ? 'delivered' : 'failed',
      httpStatus: result.httpStatus,
      error: result.ok ? null : result.error,
      durationMs: Date.now() - started,
      at: new Date().toISOString(),
    });
    if (result.ok) return;
    if (!stillEnabled) throw new UnrecoverableError(`webhook ${hook.id} is disabled`);
    throw new Error(result.error);
  }
}
