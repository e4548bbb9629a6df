import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

import { STATION_EVENT_TYPES, stationEventTypeSchema } from './station-events';

export const WEBHOOK_FORMATS = ['json', 'discord'] as const;

const urlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2000)
  // zod runs this refinement even when the checks above failed: a string that is no URL is theirs to report
  .refine((raw) => {
    const url = URL.canParse(raw) ? new URL(raw) : undefined;
    return !url?.username && !url?.password;
  }, 'must not carry credentials (put a token in the path or query instead)')
  .describe(
    'Where deliveries are POSTed. Private, loopback and link-local addresses are refused unless its host:port is ' +
      'in DOWNLOAD_ALLOWED_HOSTS; redirects are not followed',
  );

const eventsSchema = z
  .array(stationEventTypeSchema)
  .min(1)
  .max(STATION_EVENT_TYPES.length)
  .transform((events) => [...new Set(events)])
  .describe(`Which events to send: ${STATION_EVENT_TYPES.join(', ')}`);

const formatSchema = z
  .enum(WEBHOOK_FORMATS)
  .describe(
    '`json`: `{type, timestamp, data}`; `discord`: a message a Discord webhook accepts (`{content, embeds}`). ' +
      'Both are signed (Standard Webhooks headers) and name the event in `X-H4K-Event`',
  );

/** `whsec_` and the base64 of 24 to 64 random bytes, as the Standard Webhooks libraries expect. */
export const webhookSecretSchema = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be whsec_ followed by base64')
  .refine((secret) => {
    const bytes = Buffer.from(secret.slice('whsec_'.length), 'base64').length;
    return bytes >= 24 && bytes <= 64;
  }, 'must encode 24 to 64 bytes')
  .describe('Signing secret in Standard Webhooks form (whsec_<base64>); generated when left out');

export const createWebhookSchema = z
  .object({
    url: urlSchema,
    events: eventsSchema,
    secret: webhookSecretSchema.optional(),
    format: formatSchema.default('json'),
  })
  .strict();
export class CreateWebhookDto extends createZodDto(createWebhookSchema) {}

export const updateWebhookSchema = z
  .object({
    url: urlSchema.optional(),
    events: eventsSchema.optional(),
    format: formatSchema.optional(),
    enabled: z
      .boolean()
      .optional()
      .describe('true turns a webhook disabled after failures back on (its count restarts)'),
  })
  .strict()
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), 'nothing to change');
export class UpdateWebhookDto extends createZodDto(updateWebhookSchema) {}

export const webhookSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(stationEventTypeSchema),
  format: z.enum(WEBHOOK_FORMATS),
  enabled: z.boolean().describe('false once disabled (by an admin, or after 20 failed attempts in a row)'),
  disabledReason: z.string().nullable().describe('Why it is disabled; null while enabled'),
  consecutiveFailures: z.number().int().min(0).describe('Failed attempts since the last success'),
  createdAt: z.iso.datetime(),
  lastDeliveryAt: z.iso.datetime().nullable().describe('The last attempt, successful or not'),
});
export type Webhook = z.infer<typeof webhookSchema>;

export const createdWebhookSchema = webhookSchema.extend({
  secret: z.string().describe('The signing secret: shown this once, never again'),
});
export type CreatedWebhook = z.infer<typeof createdWebhookSchema>;

export const webhookDeliverySchema = z.object({
  id: z.uuid(),
  eventId: z.string().describe('The webhook-id header: the same on every attempt of one event'),
  event: stationEventTypeSchema,
  attempt: z.number().int().min(1),
  status: z.enum(['delivered', 'failed']),
  httpStatus: z.number().int().nullable().describe("The receiver's status; null when none came (refused, timeout)"),
  error: z.string().nullable().describe('Why the attempt failed; null when delivered'),
  durationMs: z.number().int().min(0),
  at: z.iso.datetime(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;
