import { z } from 'zod';
import type { ServiceHealth } from './services';

/** Livestream: the single live slot, streamed-time accounting, kicks. Do not rename patterns. */
export const LIVESTREAM_PATTERNS = {
  health: 'livestream.health',
  authorize: 'livestream.authorize',
  connected: 'livestream.connected',
  disconnected: 'livestream.disconnected',
  status: 'livestream.status',
  users: 'livestream.users',
  kick: 'livestream.kick',
  reset: 'livestream.reset',
} as const;

export const userIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only');

/** Claims of a verified livestream JWT, as the gateway passes them on. */
export const livestreamAuthorizeSchema = z
  .object({
    userId: userIdSchema,
    label: z.string().max(200).nullable(),
    maxStreamingSeconds: z.number().int().min(60).max(86_400),
    /** Unix seconds when the token expires: the slot is never held past it. */
    tokenExpiresAt: z.number().int(),
    address: z.string().max(100),
  })
  .strict();
export type LivestreamAuthorize = z.infer<typeof livestreamAuthorizeSchema>;

/** The encoder's ice-* headers, forwarded by Liquidsoap on connect. */
export const djHeadersSchema = z
  .object({
    name: z.string().max(200).nullable(),
    description: z.string().max(500).nullable(),
    genre: z.string().max(100).nullable(),
    url: z.string().max(300).nullable(),
  })
  .strict();
export type DjHeaders = z.infer<typeof djHeadersSchema>;

export const livestreamConnectedSchema = z.object({ headers: djHeadersSchema }).strict();
export const livestreamResetSchema = z.object({ userId: userIdSchema }).strict();

export interface LivestreamGrant {
  userId: string;
  remainingSeconds: number;
}

export interface LiveSession {
  userId: string;
  label: string | null;
  /** ISO time the encoder connected; null between auth and connect. */
  since: string | null;
  remainingSeconds: number;
  /** ISO time the DJ will be cut off (end of allowance or token expiry); null between auth and connect. */
  endsAt: string | null;
  headers: DjHeaders | null;
}

export interface LivestreamStatus {
  live: LiveSession | null;
}

export interface LivestreamUserUsage {
  userId: string;
  usedSeconds: number;
  /** From the user's latest token; null if no token of theirs was ever used. */
  maxStreamingSeconds: number | null;
  remainingSeconds: number | null;
}

const empty = z.object({}).strict();

export const livestreamRequestSchemas = {
  [LIVESTREAM_PATTERNS.health]: empty,
  [LIVESTREAM_PATTERNS.authorize]: livestreamAuthorizeSchema,
  [LIVESTREAM_PATTERNS.connected]: livestreamConnectedSchema,
  [LIVESTREAM_PATTERNS.disconnected]: empty,
  [LIVESTREAM_PATTERNS.status]: empty,
  [LIVESTREAM_PATTERNS.users]: empty,
  [LIVESTREAM_PATTERNS.kick]: empty,
  [LIVESTREAM_PATTERNS.reset]: livestreamResetSchema,
};

export interface LivestreamResponses {
  [LIVESTREAM_PATTERNS.health]: ServiceHealth;
  [LIVESTREAM_PATTERNS.authorize]: LivestreamGrant;
  [LIVESTREAM_PATTERNS.connected]: LiveSession;
  [LIVESTREAM_PATTERNS.disconnected]: { userId: string | null; streamedSeconds: number };
  [LIVESTREAM_PATTERNS.status]: LivestreamStatus;
  [LIVESTREAM_PATTERNS.users]: LivestreamUserUsage[];
  [LIVESTREAM_PATTERNS.kick]: { kicked: boolean; userId: string | null };
  [LIVESTREAM_PATTERNS.reset]: { userId: string; usedSeconds: number };
}
