import { Global, Module } from '@nestjs/common';

import { LiveSets } from './live-sets';
import { SongEventRelay } from './song-event-relay';
import { StationEvents } from './station-events';
import { DEFAULT_BACKOFF_MS, WEBHOOK_BACKOFF_MS, WebhookDeliveries } from './webhook-deliveries';
import { WebhookRegistry } from './webhook-registry';
import { WebhookSender } from './webhook-sender';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Global for its StationEvents: now-playing, the harbor callbacks and submissions all report into it. */
@Global()
@Module({
  controllers: [WebhooksController],
  providers: [
    StationEvents,
    LiveSets,
    SongEventRelay,
    WebhookRegistry,
    WebhookSender,
    WebhooksService,
    WebhookDeliveries,
    { provide: WEBHOOK_BACKOFF_MS, useValue: DEFAULT_BACKOFF_MS },
  ],
  exports: [StationEvents, LiveSets],
})
export class WebhooksModule {}
