import { z } from 'zod';

/** A verified token's claims as the service keeps them in Redis (with a grant, then with the session it opens). */
export const grantedClaimsSchema = z.object({
  userId: z.string(),
  label: z.string().nullable(),
  maxStreamingSeconds: z.number().int(),
  tokenExpiresAt: z.number().int(),
});
