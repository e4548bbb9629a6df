import { djHeadersSchema } from '@h4k/contracts';
import { z } from 'zod';

import { grantedClaimsSchema } from '../slot/granted-claims';

/** The DJ on air as persisted in Redis: enough to rebuild timers and accounting after a restart. */
export const storedSessionSchema = grantedClaimsSchema.extend({
  /** Tells this session from the same user's next one, so a late callback never ends the wrong one. */
  id: z.string(),
  /** Ms when the encoder connected (what `status` shows). */
  startedAt: z.number(),
  /** Ms from which the session is charged: startedAt, or the moment an admin reset the user. */
  chargedFrom: z.number(),
  headers: djHeadersSchema,
  /** The credential that opened it (revocation drops it); null for sessions stored before tokens had ids. */
  tokenId: z.string().nullable().default(null),
});
export type StoredSession = z.infer<typeof storedSessionSchema>;
