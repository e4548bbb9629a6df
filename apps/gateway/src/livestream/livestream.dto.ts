import { userIdSchema } from '@h4k/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const mintLivestreamTokenSchema = z
  .object({
    max_streaming_seconds: z
      .number()
      .int()
      .min(60)
      .max(86_400)
      .describe('Streaming allowance in seconds (60..86400); the token expires after twice this'),
    user_id: userIdSchema.optional().describe('Whose allowance this draws on; generated when absent'),
    label: z.string().trim().min(1).max(200).optional().describe('Free text shown to the admin, e.g. the show name'),
  })
  .strict();
export class MintLivestreamTokenDto extends createZodDto(mintLivestreamTokenSchema) {}

/** What Liquidsoap's harbor passes to its auth function. */
export const harborAuthSchema = z.object({
  user: z.string().max(1000),
  password: z.string().max(4000),
  address: z.string().max(100),
});
export class HarborAuthDto extends createZodDto(harborAuthSchema) {}

const headerText = z
  .string()
  .max(500)
  .nullish()
  .transform((value) => (value && value.trim() ? value.trim() : null));

export const harborConnectSchema = z
  .object({
    headers: z
      .object({
        'ice-name': headerText,
        'ice-description': headerText,
        'ice-genre': headerText,
        'ice-url': headerText,
      })
      .prefault({}),
    address: z.string().max(100).nullish(),
  })
  .strict();
export class HarborConnectDto extends createZodDto(harborConnectSchema) {}

const iceHeadersSchema = z.object({
  name: z.string().nullable(),
  description: z.string().nullable(),
  genre: z.string().nullable(),
  url: z.string().nullable(),
});

export const liveSessionSchema = z.object({
  userId: z.string().describe("The DJ's id (the token's user_id)"),
  label: z.string().nullable().describe('Free text the admin gave the token'),
  since: z.iso.datetime().nullable().describe('When the encoder connected; null between auth and connect'),
  remainingSeconds: z.number().describe('Streaming time left on the allowance'),
  endsAt: z.iso
    .datetime()
    .nullable()
    .describe('When the DJ will be cut off (allowance spent or token expired); null between auth and connect'),
  headers: iceHeadersSchema.nullable().describe("The encoder's ice-* headers"),
});

export const livestreamStatusSchema = z.object({
  live: liveSessionSchema.nullable().describe('The DJ on air, or null'),
});

export const livestreamUserUsageSchema = z.object({
  userId: z.string(),
  usedSeconds: z.number().describe('Streamed in the last 30 days (across sessions)'),
  maxStreamingSeconds: z.number().nullable().describe("From the DJ's latest token; null if none was used yet"),
  remainingSeconds: z.number().nullable(),
});

export const djTokenSchema = z.object({
  token: z.string().describe('The harbor password (mount /live, user "source")'),
  expires_at: z.iso.datetime().describe('Twice max_streaming_seconds from now'),
});

export const kickResultSchema = z.object({ kicked: z.boolean(), userId: z.string().nullable() });
export const usageResetSchema = z.object({ userId: z.string(), usedSeconds: z.number() });
