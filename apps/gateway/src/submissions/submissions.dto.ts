import { songProgressSchema } from '@h4k/contracts';
import { z } from 'zod';

export const acceptedSchema = z.object({
  id: z.uuid().describe('The song id: follow it on GET /queue/{id} or /queue/{id}/events'),
  status: z.literal('downloading'),
});

export const queueEntrySchema = z.object({
  tier: z.enum(['user', 'fallback']).describe("`user`: a listener's song; `fallback`: the station's playlist"),
  id: z.uuid().nullable().describe("A listener's song id; null for the fallback"),
  title: z.string(),
  artist: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  submitter: z.string().nullable().describe('Non-identifying label of who queued it, e.g. "listener 3f2a"'),
  current: z.boolean().describe('On air now (or paused there)'),
});

export const queueListSchema = z.object({
  songs: z.array(queueEntrySchema).describe("Listeners' songs in play order, then the next fallback songs"),
});

export const mySongSchema = songProgressSchema.extend({
  title: z.string().nullable().describe('Known once the song is queued'),
});

export const mySongsSchema = z.object({
  limit: z.number().int().describe('Songs this token may have downloading or waiting at once'),
  used: z.number().int().describe('Slots taken now; a played, deleted or failed song frees its slot'),
  songs: z.array(mySongSchema),
});
export type MySongs = z.infer<typeof mySongsSchema>;

export { songProgressSchema };
