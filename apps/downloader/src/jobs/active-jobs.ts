import { type DownloaderEnv, quietRedis, redisConnection, STATION_ENV } from '@h4k/config';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';

/** Internal to downloader instances: "whoever runs job <id>, stop it". */
const CANCEL_CHANNEL = 'h4k:downloads:cancel';

/**
 * The jobs this instance is running, each with its abort controller. A cancel is broadcast to
 * every instance, because only the one holding the job can kill its processes.
 */
@Injectable()
export class ActiveJobs implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ActiveJobs.name);
  private readonly running = new Map<string, AbortController>();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  constructor(@Inject(STATION_ENV) env: DownloaderEnv) {
    const options = { ...redisConnection(env), lazyConnect: true };
    this.publisher = quietRedis(new Redis(options), 'cancel publisher', this.logger);
    this.subscriber = quietRedis(new Redis(options), 'cancel subscriber', this.logger);
  }

  async onModuleInit(): Promise<void> {
    this.subscriber.on('message', (_channel: string, id: string) => this.abortLocal(id));
    await this.subscriber.subscribe(CANCEL_CHANNEL);
  }

  async onModuleDestroy(): Promise<void> {
    for (const controller of this.running.values()) controller.abort('shutting down');
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }

  start(id: string): AbortController {
    const controller = new AbortController();
    this.running.set(id, controller);
    return controller;
  }

  finish(id: string): void {
    this.running.delete(id);
  }

  async cancelEverywhere(id: string): Promise<void> {
    await this.publisher.publish(CANCEL_CHANNEL, id);
  }

  private abortLocal(id: string): void {
    const controller = this.running.get(id);
    if (!controller) return;
    this.logger.log(`cancelling ${id}`);
    controller.abort('cancelled');
  }
}
