import { BadRequestException, Injectable } from '@nestjs/common';

import { WebhookRegistry } from './webhook-registry';
import { WebhookSender } from './webhook-sender';
import type { CreatedWebhook, CreateWebhookDto, UpdateWebhookDto, Webhook, WebhookDelivery } from './webhooks.dto';

/** The admin's side of webhooks: a target the station may not reach is refused at once, not at the first event. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly registry: WebhookRegistry,
    private readonly sender: WebhookSender,
  ) {}

  async create(body: CreateWebhookDto): Promise<CreatedWebhook> {
    await this.checkTarget(body.url);
    return this.registry.create(body);
  }

  list(): Promise<Webhook[]> {
    return this.registry.list();
  }

  get(id: string): Promise<Webhook> {
    return this.registry.get(id);
  }

  async update(id: string, body: UpdateWebhookDto): Promise<Webhook> {
    if (body.url !== undefined) await this.checkTarget(body.url);
    return this.registry.update(id, body);
  }

  remove(id: string): Promise<void> {
    return this.registry.remove(id);
  }

  deliveries(id: string): Promise<WebhookDelivery[]> {
    return this.registry.deliveries(id);
  }

  private async checkTarget(url: string): Promise<void> {
    const refusal = await this.sender.refusal(url);
    if (refusal) throw new BadRequestException(`url ${refusal}`);
  }
}
