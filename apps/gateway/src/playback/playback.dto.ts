import { playlistSchema } from '@h4k/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const playlistQuerySchema = z.object({ playlist: playlistSchema });
export class PlaylistQueryDto extends createZodDto(playlistQuerySchema) {}
