import { z } from 'zod';

import { emptyRequestSchema, rpc } from './rpc';
import { serviceHealthSchema } from './services';

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

export const livestreamGrantSchema = z.object({ userId: z.string(), remainingSeconds: z.number() });
export type LivestreamGrant = z.infer<typeof livestreamGrantSchema>;

const iceHeadersSchema = z.object({
  name: z.string().nullable(),
  description: z.string().nullable(),
  genre: z.string().nullable(),
  url: z.string().nullable(),
});

export const liveSessionSchema = z.object({
  userId: z.string().describe("The DJ's id (the token's user_id)"),
  label: z.string().nullable().describe('Free text the admin gave the token'),
  since: z.iso.datetime().nullable().describe('When the encoder connected; null between auth and connect'),
  remainingSeconds: z.number().describe('Streaming time left on the allowance'),
  endsAt: z.iso
    .datetime()
    .nullable()
    .describe('When the DJ will be cut off (allowance spent or token expired); null between auth and connect'),
  headers: iceHeadersSchema.nullable().describe("The encoder's ice-* headers"),
});
export type LiveSession = z.infer<typeof liveSessionSchema>;

export const livestreamStatusSchema = z.object({
  live: liveSessionSchema.nullable().describe('The DJ on air, or null'),
});
export type LivestreamStatus = z.infer<typeof livestreamStatusSchema>;

export const livestreamUserUsageSchema = z.object({
  userId: z.string(),
  usedSeconds: z.number().describe('Streamed in the last 30 days (across sessions)'),
  maxStreamingSeconds: z.number().nullable().describe("From the DJ's latest token; null if none was used yet"),
  remainingSeconds: z.number().nullable(),
  kicked: z.boolean().describe('Kicked (by the admin, or out of time): refused with any token until reset'),
});
export type LivestreamUserUsage = z.infer<typeof livestreamUserUsageSchema>;

/** kicked: the DJ (or, for a revocation, the revoked credential's DJ) was on air or authorized and is dropped. */
export const kickResultSchema = z.object({ kicked: z.boolean(), userId: z.string().nullable() });
export const usageResetSchema = z.object({ userId: z.string(), usedSeconds: z.number() });

/** Livestream: the single live slot, streamed-time accounting, kicks. */
export const LIVESTREAM_RPCS = {
  health: rpc('livestream.health', emptyRequestSchema, serviceHealthSchema),
  authorize: rpc('livestream.authorize', livestreamAuthorizeSchema, livestreamGrantSchema),
  connected: rpc('livestream.connected', livestreamConnectedSchema, liveSessionSchema),
  disconnected: rpc(
    'livestream.disconnected',
    emptyRequestSchema,
    z.object({ userId: z.string().nullable(), streamedSeconds: z.number() }),
  ),
  status: rpc('livestream.status', emptyRequestSchema, livestreamStatusSchema),
  users: rpc('livestream.users', emptyRequestSchema, z.array(livestreamUserUsageSchema)),
  kick: rpc('livestream.kick', emptyRequestSchema, kickResultSchema),
  reset: rpc('livestream.reset', livestreamResetSchema, usageResetSchema),
  revoke: rpc('livestream.revoke', livestreamRevokeSchema, kickResultSchema),
};
