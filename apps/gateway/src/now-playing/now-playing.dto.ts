import { tierSchema } from '@h4k/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const tagText = z
  .string()
  .max(500)
  .nullish()
  .transform((value) => (value && value.trim().length > 0 ? value.trim() : null));

export const nowPlayingSchema = z.object({
  tier: tierSchema.describe('Which source is on air: live DJ, listener queue, fallback playlist or noise'),
  title: z.string().nullable().describe('Track title, or the DJ stream name when live'),
  artist: z.string().nullable(),
  submitter: z.string().nullable().describe('Non-identifying label of the listener who queued the song'),
  since: z.iso.datetime().describe('When this tier/track went on air'),
});
export type NowPlaying = z.infer<typeof nowPlayingSchema>;

/** What Liquidsoap reports on every tier switch and track change. */
export const nowPlayingReportSchema = z.object({
  tier: tierSchema,
  title: tagText,
  artist: tagText,
});
export class NowPlayingReportDto extends createZodDto(nowPlayingReportSchema) {}
