import { CreateWebhookDto } from '@h4k/api-client';

export type WebhookEvent = CreateWebhookDto['events'][number];

/** Every event a webhook can ask for, in words. */
export const WEBHOOK_EVENTS: readonly { readonly name: WebhookEvent; readonly label: string }[] = [
  { name: 'song.changed', label: 'A new track or live set on air' },
  { name: 'live.started', label: 'A DJ went live' },
  { name: 'live.ended', label: 'A live set ended' },
  { name: 'song.submitted', label: 'A song was submitted' },
  { name: 'song.failed', label: 'A submitted song failed' },
  { name: 'station.off_air', label: 'Off air (nothing but noise)' },
  { name: 'station.on_air', label: 'Back on air' },
];
