import { z } from 'zod';
import type { ServiceHealth } from './services';

/** Queue: owns both MPDs. Do not rename patterns. */
export const QUEUE_PATTERNS = {
  health: 'queue.health',
} as const;

export const queueRequestSchemas = {
  [QUEUE_PATTERNS.health]: z.object({}).strict(),
};

export interface QueueResponses {
  [QUEUE_PATTERNS.health]: ServiceHealth;
}
