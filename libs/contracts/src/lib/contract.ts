import type { z } from 'zod';

import { DOWNLOADER_RPCS } from './downloader.contract';
import { QUEUE_LIBRARY_RPCS } from './library.contract';
import { LIVESTREAM_RPCS } from './livestream.contract';
import { QUEUE_RPCS } from './queue.contract';
import { patternsOf, schemasOf } from './rpc';

/** Every message pattern, by service. The names travel over Redis: do not rename without a migration. */
export const PATTERNS = {
  queue: { ...patternsOf(QUEUE_RPCS), ...patternsOf(QUEUE_LIBRARY_RPCS) },
  downloader: patternsOf(DOWNLOADER_RPCS),
  livestream: patternsOf(LIVESTREAM_RPCS),
} as const;

/** Request schemas: a service validates every payload it receives against these. */
export const requestSchemas = {
  ...schemasOf(QUEUE_RPCS, 'request'),
  ...schemasOf(QUEUE_LIBRARY_RPCS, 'request'),
  ...schemasOf(DOWNLOADER_RPCS, 'request'),
  ...schemasOf(LIVESTREAM_RPCS, 'request'),
};

/**
 * Response schemas: what each pattern answers, one zod schema each (the gateway publishes the same
 * schemas in its OpenAPI spec where it passes an answer on).
 */
export const responseSchemas = {
  ...schemasOf(QUEUE_RPCS, 'response'),
  ...schemasOf(QUEUE_LIBRARY_RPCS, 'response'),
  ...schemasOf(DOWNLOADER_RPCS, 'response'),
  ...schemasOf(LIVESTREAM_RPCS, 'response'),
};

/** Pattern → response type. A pattern can never be called with the wrong payload or read as the wrong reply. */
export type RpcResponses = { [P in keyof typeof responseSchemas]: z.output<(typeof responseSchemas)[P]> };

export type RpcPattern = keyof typeof requestSchemas & keyof RpcResponses;
export type RpcRequest<P extends RpcPattern> = z.input<(typeof requestSchemas)[P]>;
export type RpcResponse<P extends RpcPattern> = RpcResponses[P];
