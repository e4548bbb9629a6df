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
  revoke: 'livestream.revoke',
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
    /** The credential's jti (JWT or DJ key): revoking it drops the session it opened. */
    tokenId: z.string().min(1).max(100),
  })
  .strict();
export type LivestreamAuthorize = z.infer<typeof livestreamAuthorizeSchema>;

/** Longest ice-* header kept, in characters: the gateway cuts longer ones to this, never refuses them. */
export const DJ_HEADER_MAX_LENGTHS = { name: 200, description: 500, genre: 100, url: 300 } as const;

/** The encoder's ice-* headers, forwarded by Liquidsoap on connect. */
export const djHeadersSchema = z
  .object({
    name: z.string().max(DJ_HEADER_MAX_LENGTHS.name).nullable(),
    description: z.string().max(DJ_HEADER_MAX_LENGTHS.description).nullable(),
    genre: z.string().max(DJ_HEADER_MAX_LENGTHS.genre).nullable(),
    url: z.string().max(DJ_HEADER_MAX_LENGTHS.url).nullable(),
  })
  .strict();
export type DjHeaders = z.infer<typeof djHeadersSchema>;

export const livestreamConnectedSchema = z
  .object({
    headers: djHeadersSchema,
    /** Seconds since the encoder really connected (Liquidsoap retries the callback): charged from then. */
    ageSeconds: z.number().min(0).max(3600).default(0),
  })
  .strict();
export type LivestreamConnected = z.infer<typeof livestreamConnectedSchema>;
export const livestreamResetSchema = z.object({ userId: userIdSchema }).strict();
export const livestreamRevokeSchema = z.object({ tokenId: z.string().min(1).max(100) }).strict();

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
  /** Kicked (by the admin, or out of time): refused until an admin resets them. */
  kicked: boolean;
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
  [LIVESTREAM_PATTERNS.revoke]: livestreamRevokeSchema,
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
  /** kicked: the revoked credential's DJ was on air (or authorized) and is dropped. */
  [LIVESTREAM_PATTERNS.revoke]: { kicked: boolean; userId: string | null };
}
