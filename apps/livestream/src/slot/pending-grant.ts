import { z } from 'zod';

/** A successful authorize, waiting for the encoder's connect; lives as long as the slot's lease. */
export const pendingGrantSchema = z.object({
  userId: z.string(),
  label: z.string().nullable(),
  maxStreamingSeconds: z.number().int(),
  tokenExpiresAt: z.number().int(),
  address: z.string(),
  tokenId: z.string(),
  authorizedAt: z.number(),
});
export type PendingGrant = z.infer<typeof pendingGrantSchema>;
