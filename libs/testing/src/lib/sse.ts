import { createParser } from 'eventsource-parser';

/** One Server-Sent Event: `event` is undefined for unnamed ones (what an EventSource's onmessage sees). */
export interface SseMessage {
  event: string | undefined;
  id: string | undefined;
  data: string;
}

/**
 * The one SSE parser of tests and benches (eventsource-parser): feed it the stream's text as it
 * arrives, in chunks of any size; it calls `onMessage` per complete event and `onComment` per
 * comment line (heartbeats), text after the colon trimmed.
 */
export function sseReader(
  onMessage: (message: SseMessage) => void,
  onComment: (comment: string) => void = () => undefined,
): (chunk: string) => void {
  const parser = createParser({
    onEvent: ({ event, id, data }) => onMessage({ event, id, data }),
    onComment: (comment) => onComment(comment.trim()),
  });
  return (chunk) => parser.feed(chunk);
}
