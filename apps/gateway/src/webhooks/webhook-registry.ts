import { randomBytes, randomUUID } from 'node:crypto';

import { Injectable, NotFoundException } from '@nestjs/common';
import { z } from 'zod';

import { GatewayRedis } from '../redis/redis.module';
import type { StationEventType } from './station-events';
import {
  type CreatedWebhook,
  type Webhook,
  type WebhookDelivery,
  webhookDeliverySchema,
  webhookSchema,
} from './webhooks.dto';

// Do not rename without a migration: registered webhooks live here.
const HOOKS_KEY = 'h4k:webhooks:hooks';
const failuresKey = (id: string) => `h4k:webhooks:failures:${id}`;
const deliveriesKey = (id: string) => `h4k:webhooks:deliveries:${id}`;

export const DELIVERIES_KEPT = 50;
/** Failed attempts in a row after which a webhook is disabled until an admin turns it back on. */
export const MAX_CONSECUTIVE_FAILURES = 20;

const storedSchema = webhookSchema.omit({ consecutiveFailures: true }).extend({ secret: z.string() });
export type StoredWebhook = z.infer<typeof storedSchema>;

export interface NewWebhook {
  url: string;
  events: StationEventType[];
  format: Webhook['format'];
  secret?: string;
}

/** Webhooks and their deliveries in Redis (the gateway owns these keys). Secrets never leave but once. */
@Injectable()
export class WebhookRegistry {
  constructor(private readonly redis: GatewayRedis) {}

  async create(request: NewWebhook): Promise<CreatedWebhook> {
    const stored: StoredWebhook = {
      id: randomUUID(),
      url: request.url,
      events: request.events,
      format: request.format,
      enabled: true,
      disabledReason: null,
      createdAt: new Date().toISOString(),
      lastDeliveryAt: null,
      secret: request.secret ?? `whsec_${randomBytes(32).toString('base64')}`,
    };
    await this.redis.hset(HOOKS_KEY, stored.id, JSON.stringify(stored));
    return { ...publicOf(stored, 0), secret: stored.secret };
  }

  async list(): Promise<Webhook[]> {
    const all = await this.allStored();
    const failures = await this.failureCounts(all.map((hook) => hook.id));
    return all
      .map((hook, index) => publicOf(hook, failures[index] ?? 0))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async get(id: string): Promise<Webhook> {
    const stored = await this.stored(id);
    if (!stored) throw new NotFoundException(`no webhook ${id}`);
    const [failures] = await this.failureCounts([id]);
    return publicOf(stored, failures ?? 0);
  }

  /** With its secret, for signing; undefined when deleted meanwhile. */
  async stored(id: string): Promise<StoredWebhook | undefined> {
    const raw = await this.redis.hget(HOOKS_KEY, id);
    return raw ? parseStored(raw) : undefined;
  }

  async allStored(): Promise<StoredWebhook[]> {
    const raw = await this.redis.hvals(HOOKS_KEY);
    return raw.map(parseStored).filter((hook): hook is StoredWebhook => hook !== undefined);
  }

  async update(
    id: string,
    patch: Partial<Pick<StoredWebhook, 'url' | 'events' | 'format' | 'enabled'>>,
  ): Promise<Webhook> {
    const stored = await this.stored(id);
    if (!stored) throw new NotFoundException(`no webhook ${id}`);
    const next: StoredWebhook = { ...stored };
    if (patch.url !== undefined) next.url = patch.url;
    if (patch.events !== undefined) next.events = patch.events;
    if (patch.format !== undefined) next.format = patch.format;
    if (patch.enabled !== undefined) {
      next.enabled = patch.enabled;
      next.disabledReason = patch.enabled ? null : 'disabled by an admin';
      if (patch.enabled) await this.redis.del(failuresKey(id));
    }
    await this.redis.hset(HOOKS_KEY, id, JSON.stringify(next));
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const removed = await this.redis.hdel(HOOKS_KEY, id);
    if (removed === 0) throw new NotFoundException(`no webhook ${id}`);
    await this.redis.del(failuresKey(id), deliveriesKey(id));
  }

  async deliveries(id: string): Promise<WebhookDelivery[]> {
    if (!(await this.stored(id))) throw new NotFoundException(`no webhook ${id}`);
    const raw = await this.redis.lrange(deliveriesKey(id), 0, DELIVERIES_KEPT - 1);
    return raw.flatMap((line) => {
      const parsed = webhookDeliverySchema.safeParse(JSON.parse(line));
      return parsed.success ? [parsed.data] : [];
    });
  }

  /**
   * Keeps the attempt (newest first, the last 50) and counts failures in a row; the 20th disables
   * the webhook. Returns whether it is still enabled.
   */
  async recordAttempt(hook: StoredWebhook, delivery: WebhookDelivery): Promise<boolean> {
    const multi = this.redis
      .multi()
      .lpush(deliveriesKey(hook.id), JSON.stringify(delivery))
      .ltrim(deliveriesKey(hook.id), 0, DELIVERIES_KEPT - 1);
    if (delivery.status === 'delivered') multi.del(failuresKey(hook.id));
    else multi.incr(failuresKey(hook.id));
    const results = await multi.exec();
    const failures = delivery.status === 'failed' ? Number(results?.[2]?.[1] ?? 0) : 0;
    const current = await this.stored(hook.id);
    if (!current) return false;
    const next: StoredWebhook = { ...current, lastDeliveryAt: delivery.at };
    if (failures >= MAX_CONSECUTIVE_FAILURES && current.enabled) {
      next.enabled = false;
      next.disabledReason = `disabled after ${failures} failed attempts in a row (last: ${delivery.error ?? 'failed'})`;
    }
    await this.redis.hset(HOOKS_KEY, hook.id, JSON.stringify(next));
    return next.enabled;
  }

  private async failureCounts(ids: string[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const raw = await this.redis.mget(ids.map(failuresKey));
    return raw.map((value) => Number(value ?? 0));
  }
}

function parseStored(raw: string): StoredWebhook | undefined {
  try {
    const parsed = storedSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function publicOf(stored: StoredWebhook, consecutiveFailures: number): Webhook {
  const { secret: _secret, ...rest } = stored;
  return { ...rest, consecutiveFailures };
}
