import { tierSchema } from '@h4k/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const HISTORY_DEFAULT_LIMIT = 20;
export const HISTORY_MAX_LIMIT = 200;

export const historyQuerySchema = z
  .object({
    limit: z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(1)
      .max(HISTORY_MAX_LIMIT)
      .default(HISTORY_DEFAULT_LIMIT)
      .describe(`How many entries, newest first (1–${HISTORY_MAX_LIMIT}, default ${HISTORY_DEFAULT_LIMIT})`),
  })
  .strict();
export class HistoryQueryDto extends createZodDto(historyQuerySchema) {}

export const historyEntrySchema = z
  .object({
    id: z.uuid(),
    tier: tierSchema.describe('live, user (a listener song) or fallback (the playlist); noise is not listed'),
    title: z.string().nullable(),
    artist: z.string().nullable(),
    submitter: z.string().nullable().describe("Listener songs: the submitter's non-identifying label"),
    show: z.string().nullable().describe('Live: the show as the DJ named it'),
    dj: z.string().nullable().describe("Live: the DJ's label"),
    durationSeconds: z.number().min(0).nullable().describe('Length of the track when known'),
    startedAt: z.iso.datetime(),
    endedAt: z.iso.datetime().nullable().describe('null while it is still on air'),
  })
  .describe('One thing that played');
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
