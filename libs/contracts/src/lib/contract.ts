import type { z } from 'zod';
import { DOWNLOADER_PATTERNS, downloaderRequestSchemas, type DownloaderResponses } from './downloader.contract';
import { QUEUE_LIBRARY_PATTERNS, queueLibraryRequestSchemas, type QueueLibraryResponses } from './library.contract';
import { LIVESTREAM_PATTERNS, livestreamRequestSchemas, type LivestreamResponses } from './livestream.contract';
import { QUEUE_PATTERNS, queueRequestSchemas, type QueueResponses } from './queue.contract';

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

/** Pattern → response type. A pattern can never be called with the wrong payload or read as the wrong reply. */
export type RpcResponses = QueueResponses & QueueLibraryResponses & DownloaderResponses & LivestreamResponses;

export type RpcPattern = keyof typeof requestSchemas & keyof RpcResponses;
export type RpcRequest<P extends RpcPattern> = z.input<(typeof requestSchemas)[P]>;
export type RpcResponse<P extends RpcPattern> = RpcResponses[P];
