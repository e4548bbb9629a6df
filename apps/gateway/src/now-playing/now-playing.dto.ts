import { cleanText, MAX_TAG_LENGTH, tierSchema } from '@h4k/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

// Tags read from files by Liquidsoap: cleaned and cut, never refused (Liquidsoap would retry a refused report forever).
const tagText = cleanText(MAX_TAG_LENGTH);

export const liveStreamSchema = z
  .object({
    name: z.string().nullable().describe("The DJ encoder's ice-name header, else the label of their token"),
    description: z.string().nullable().describe("The DJ encoder's ice-description header"),
  })
  .describe('The live show as the DJ announced it');
export type LiveStream = z.infer<typeof liveStreamSchema>;

/** What is on air, as kept in memory and Redis: everything but the clock-dependent `elapsedSeconds`. */
export const nowPlayingStateSchema = z.object({
  tier: tierSchema.describe('Which source is on air: live DJ, listener queue, fallback playlist or noise'),
  title: z.string().nullable().describe('Track title, or the DJ stream name when live'),
  artist: z.string().nullable().describe('Track artist, or the DJ stream description when live'),
  durationSeconds: z
    .number()
    .min(0)
    .nullable()
    .describe('Length of the track; null when unknown (live, noise, or the queue service did not say)'),
  submitter: z
    .string()
    .nullable()
    .describe('Non-identifying label of the listener who queued the song; null for all but listener songs'),
  stream: liveStreamSchema.nullable().describe('The live show (live tier only); null otherwise'),
  liveSilent: z
    .boolean()
    .describe(
      'A DJ is connected but has sent only silence for LIVE_SILENCE_SECONDS: the tier below plays until their ' +
        'audio returns (they stay connected, their time keeps counting)',
    ),
  since: z.iso.datetime().describe('When this tier/track went on air'),
});
export type NowPlayingState = z.infer<typeof nowPlayingStateSchema>;

export const nowPlayingSchema = nowPlayingStateSchema.extend({
  elapsedSeconds: z
    .number()
    .int()
    .min(0)
    .describe(
      'Whole seconds since `since` when this JSON was written; count on from `since`. Time on air, which can be ' +
        'less than the position in the song when a tier comes back to a song already under way',
    ),
});
export type NowPlaying = z.infer<typeof nowPlayingSchema>;

/** What Liquidsoap reports on every tier switch and track change. */
export const nowPlayingReportSchema = z.object({
  tier: tierSchema,
  title: tagText,
  artist: tagText,
  live_silent: z.boolean().default(false).describe('A connected DJ is off air for sending silence'),
  // Clamped, never refused: a refused report is retried by Liquidsoap forever.
  age: z
    .number()
    .optional()
    .transform((seconds) => Math.max(0, seconds ?? 0))
    .describe('Seconds since Liquidsoap first saw this state (debounce, retries): `since` is that long ago'),
});
export class NowPlayingReportDto extends createZodDto(nowPlayingReportSchema) {}
