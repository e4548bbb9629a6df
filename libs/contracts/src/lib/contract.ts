import type { z } from 'zod';
import { DOWNLOADER_PATTERNS, downloaderRequestSchemas, downloaderResponseSchemas } from './downloader.contract';
import { QUEUE_LIBRARY_PATTERNS, queueLibraryRequestSchemas, queueLibraryResponseSchemas } from './library.contract';
import { LIVESTREAM_PATTERNS, livestreamRequestSchemas, livestreamResponseSchemas } from './livestream.contract';
import { QUEUE_PATTERNS, queueRequestSchemas, queueResponseSchemas } from './queue.contract';

/** Every message pattern, by service. The names travel over Redis: do not rename without a migration. */
export const PATTERNS = {
  queue: { ...QUEUE_PATTERNS, ...QUEUE_LIBRARY_PATTERNS },
  downloader: DOWNLOADER_PATTERNS,
  livestream: LIVESTREAM_PATTERNS,
} as const;

/** Request schemas: a service validates every payload it receives against these. */
export const requestSchemas = {
  ...queueRequestSchemas,
  ...queueLibraryRequestSchemas,
  ...downloaderRequestSchemas,
  ...livestreamRequestSchemas,
};

/**
 * Response schemas: what each pattern answers, one zod schema each (the gateway publishes the same
 * schemas in its OpenAPI spec where it passes an answer on).
 */
export const responseSchemas = {
  ...queueResponseSchemas,
  ...queueLibraryResponseSchemas,
  ...downloaderResponseSchemas,
  ...livestreamResponseSchemas,
};

/** Pattern → response type. A pattern can never be called with the wrong payload or read as the wrong reply. */
export type RpcResponses = { [P in keyof typeof responseSchemas]: z.output<(typeof responseSchemas)[P]> };

export type RpcPattern = keyof typeof requestSchemas & keyof RpcResponses;
export type RpcRequest<P extends RpcPattern> = z.input<(typeof requestSchemas)[P]>;
export type RpcResponse<P extends RpcPattern> = RpcResponses[P];
