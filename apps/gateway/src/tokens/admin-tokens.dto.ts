import { z } from 'zod';

export const revokedTokenSchema = z.object({
  jti: z.string(),
  kind: z.enum(['user', 'livestream']),
  kicked: z.boolean().describe('A DJ on air (or authorized) with this token or its DJ key was dropped'),
});
export type RevokedToken = z.infer<typeof revokedTokenSchema>;
