import { userIdSchema } from '@h4k/contracts';
import { z } from 'zod';

/** Every JWT we mint says what it is for; a route accepts exactly one type. */
export const TOKEN_TYPES = ['user', 'livestream'] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

export const livestreamClaimsSchema = z.object({
  type: z.literal('livestream'),
  user_id: userIdSchema,
  max_streaming_seconds: z.number().int().min(60).max(86_400),
  label: z.string().max(200).nullable().optional(),
  exp: z.number().int(),
  iat: z.number().int(),
  jti: z.string().min(1).max(100),
});
export type LivestreamClaims = z.infer<typeof livestreamClaimsSchema>;

export const DEFAULT_MAX_QUEUE_SONGS = 3;

/** A listener's token: may submit songs, at most `max_queue_songs` waiting at once. `sub` is the listener's id. */
export const userClaimsSchema = z.object({
  type: z.literal('user'),
  sub: z.uuid(),
  max_queue_songs: z.number().int().min(1).max(50),
  max_add_requests: z.number().int().min(1).max(10_000).nullable().optional(),
  exp: z.number().int(),
  iat: z.number().int(),
  /** Listener tokens minted before revocation existed carry none: refused, the admin mints new ones. */
  jti: z.string().min(1).max(100),
});
export type UserClaims = z.infer<typeof userClaimsSchema>;
