import { playlistEntryIdSchema } from '@h4k/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const playlistEntryParamSchema = z.object({ id: playlistEntryIdSchema });
export class PlaylistEntryParamDto extends createZodDto(playlistEntryParamSchema) {}

export const removedCountSchema = z.object({
  removed: z.number().int().describe('Entries that left the queue, songs still downloading included'),
});
