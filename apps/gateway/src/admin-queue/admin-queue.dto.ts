import { playlistEntryIdSchema, removedCountSchema } from '@h4k/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const playlistEntryParamSchema = z.object({ id: playlistEntryIdSchema });
export class PlaylistEntryParamDto extends createZodDto(playlistEntryParamSchema) {}

export { removedCountSchema };
