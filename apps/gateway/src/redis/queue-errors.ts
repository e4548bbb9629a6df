import type { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';

/** A lost Redis connection errors on every retry: one warning per this long is enough. */
const WARN_EVERY_MS = 10_000;

/**
 * BullMQ re-emits its connection's errors on the queue and, with no listener, prints them with
 * console.error: coloured multi-line text in the middle of the JSON log while Redis restarts.
 * Logged here instead, at most once per 10 s.
 */
export function logQueueErrors(queue: Queue, logger: Logger): void {
  let warnedAt = 0;
  queue.on('error', (error: Error) => {
    if (Date.now() - warnedAt < WARN_EVERY_MS) return;
    warnedAt = Date.now();
    logger.warn(`queue ${queue.name}: ${error.message}`);
  });
}
