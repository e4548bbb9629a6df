import { z } from 'zod';

import { grantedClaimsSchema } from './granted-claims';

/** A successful authorize, waiting for the encoder's connect; lives as long as the slot's lease. */
export const pendingGrantSchema = grantedClaimsSchema.extend({
  address: z.string(),
  tokenId: z.string(),
  authorizedAt: z.number(),
});
export type PendingGrant = z.infer<typeof pendingGrantSchema>;
