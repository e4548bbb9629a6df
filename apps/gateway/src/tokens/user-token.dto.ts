import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

import { DEFAULT_MAX_QUEUE_SONGS } from './token-claims';

export const mintUserTokenSchema = z
  .object({
    duration_seconds: z
      .number()
      .int()
      .min(60)
      .max(90 * 86_400)
      .describe('How long the token is valid, in seconds (60 s .. 90 days)'),
    max_queue_songs: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(DEFAULT_MAX_QUEUE_SONGS)
      .describe('Songs the listener may have downloading or waiting at once (default 3)'),
    max_add_requests: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .describe('Songs the token may submit in all over its life; unlimited when absent'),
  })
  .strict();
export class MintUserTokenDto extends createZodDto(mintUserTokenSchema) {}

export const userTokenSchema = z.object({
  token: z.string().describe('The JWT: send it as "Authorization: Bearer <token>"'),
  expires_at: z.iso.datetime(),
  jti: z.uuid().describe("The token's id: DELETE /admin/tokens/{jti} revokes it"),
  user_id: z.uuid().describe("The listener's id (the token's subject); never shown to other listeners"),
});
