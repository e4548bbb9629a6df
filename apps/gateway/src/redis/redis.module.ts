import { randomUUID } from 'node:crypto';

import { type GatewayEnv, quietRedis, redisConnection, STATION_ENV } from '@h4k/config';
import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import Redis from 'ioredis';

/**
 * A command waits while Redis restarts instead of failing at the first lost connection: the runner
 * brings a killed Redis back in ~0.3 s (AOF reloaded). Reconnects after 50, 100 … 300 ms; a command
 * is given up after ~1.7 s, so a Redis that stays down still answers 503 quickly.
 */
export const RIDE_OUT_REDIS_RESTART = {
  maxRetriesPerRequest: 8,
  retryStrategy: (attempt: number) => Math.min(attempt * 50, 300),
};

/** The gateway's own Redis connection (state it serves without a round trip to a service). */
@Injectable()
export class GatewayRedis extends Redis implements OnApplicationShutdown {
  constructor(@Inject(STATION_ENV) env: GatewayEnv) {
    super({
      ...redisConnection(env),
      ...RIDE_OUT_REDIS_RESTART,
      lazyConnect: false,
    });
    // Errors also surface through commands and /health.
    quietRedis(this, 'gateway state');
  }

  onApplicationShutdown(): void {
    this.disconnect();
  }
}

type Handler = (body: unknown, fromSelf: boolean) => void;

/**
 * Redis pub/sub between gateways: what one gateway learns (Liquidsoap's report, a revocation) reaches
 * the clients of every gateway. One subscriber connection per gateway, whatever the channel count;
 * ioredis subscribes again after a reconnect.
 */
@Injectable()
export class GatewayChannels implements OnModuleDestroy {
  /** This gateway process, so it can tell its own messages from the others'. */
  readonly origin = randomUUID();
  private readonly logger = new Logger(GatewayChannels.name);
  private readonly handlers = new Map<string, Handler>();
  private subscriber: Redis | undefined;

  constructor(private readonly redis: GatewayRedis) {}

  listen(channel: string, handler: Handler): void {
    this.handlers.set(channel, handler);
    this.subscriber ??= this.subscribe();
    this.subscriber.subscribe(channel).catch((error: unknown) => {
      this.logger.warn(`could not subscribe to ${channel}: ${String(error)}`);
    });
  }

  async publish(channel: string, body: unknown): Promise<void> {
    await this.redis.publish(channel, JSON.stringify({ origin: this.origin, body }));
  }

  onModuleDestroy(): void {
    this.subscriber?.disconnect();
  }

  private subscribe(): Redis {
    const subscriber = this.redis.duplicate({ maxRetriesPerRequest: null });
    quietRedis(subscriber, 'gateway channels', this.logger);
    subscriber.on('message', (channel: string, message: string) => {
      const handler = this.handlers.get(channel);
      if (!handler) return;
      try {
        const { origin, body } = JSON.parse(message) as { origin?: unknown; body?: unknown };
        handler(body, origin === this.origin);
      } catch (error) {
        this.logger.warn(`ignored a message on ${channel}: ${String(error)}`);
      }
    });
    return subscriber;
  }
}

@Global()
@Module({ providers: [GatewayRedis, GatewayChannels], exports: [GatewayRedis, GatewayChannels] })
export class RedisModule {}
