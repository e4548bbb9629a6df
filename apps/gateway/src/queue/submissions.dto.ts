import { queueListSchema, songProgressSchema } from '@h4k/contracts';
import { z } from 'zod';

export const acceptedSchema = z.object({
  id: z.uuid().describe('The song id: follow it on GET /queue/{id} or /queue/{id}/events'),
  status: z.literal('downloading'),
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

export { queueListSchema, songProgressSchema };
