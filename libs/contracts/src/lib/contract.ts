import { z } from 'zod';
import type { ServiceHealth, ServicePing } from './services';

const empty = z.object({}).strict();

/**
 * Message patterns, one per RPC. The names travel over Redis: do not rename without a migration.
 */
export const PATTERNS = {
  queuePing: 'queue.ping',
  queueHealth: 'queue.health',
  downloaderPing: 'downloader.ping',
  downloaderHealth: 'downloader.health',
  livestreamPing: 'livestream.ping',
  livestreamHealth: 'livestream.health',
} as const;

/** Request schemas: a service validates every payload it receives against these. */
export const requestSchemas = {
  [PATTERNS.queuePing]: empty,
  [PATTERNS.queueHealth]: empty,
  [PATTERNS.downloaderPing]: empty,
  [PATTERNS.downloaderHealth]: empty,
  [PATTERNS.livestreamPing]: empty,
  [PATTERNS.livestreamHealth]: empty,
} satisfies Record<RpcPattern, z.ZodType>;

/** Pattern → response type. A pattern can never be called with the wrong payload or read as the wrong reply. */
export interface RpcResponses {
  [PATTERNS.queuePing]: ServicePing;
  [PATTERNS.queueHealth]: ServiceHealth;
  [PATTERNS.downloaderPing]: ServicePing;
  [PATTERNS.downloaderHealth]: ServiceHealth;
  [PATTERNS.livestreamPing]: ServicePing;
  [PATTERNS.livestreamHealth]: ServiceHealth;
}

export type RpcPattern = (typeof PATTERNS)[keyof typeof PATTERNS];
export type RpcRequest<P extends RpcPattern> = z.input<(typeof requestSchemas)[P]>;
export type RpcResponse<P extends RpcPattern> = RpcResponses[P];
