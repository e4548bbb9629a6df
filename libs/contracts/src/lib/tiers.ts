import { z } from 'zod';

/** The four sources of the on-air output, highest priority first. */
export const TIERS = ['live', 'user', 'fallback', 'noise'] as const;
export const tierSchema = z.enum(TIERS);
export type Tier = z.infer<typeof tierSchema>;
