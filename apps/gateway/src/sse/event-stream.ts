import type { Request, Response } from 'express';

export const SSE_HEARTBEAT = ': heartbeat\n\n';

/** One Server-Sent Event; `data` is sent as one JSON line. */
export function sseFrame(data: unknown, id?: string): string {
  return `${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`;
}

/**
 * Starts an event stream on the response: headers that keep proxies from buffering it, and a socket
 * that never times out. Returns false for HEAD (headers only, stream closed).
 */
export function openEventStream(request: Request, response: Response): boolean {
  request.socket.setTimeout(0);
  request.socket.setNoDelay(true);
  request.socket.setKeepAlive(true);
  response.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    'X-Accel-Buffering': 'no',
  });
  if (request.method === 'HEAD') {
    response.end();
    return false;
  }
  // Sent now, not with the first event: an EventSource reports "open" only once it has them.
  response.flushHeaders();
  return true;
}

/** A client this far behind is not reading: dropped; its EventSource reconnects and catches up. */
const MAX_UNSENT_BYTES = 64 * 1024;

/** Writes a frame unless the client stopped reading, in which case it is cut off. */
export function writeFrame(client: Response, frame: string): void {
  if (client.writableEnded || client.destroyed) return;
  if (client.writableLength > MAX_UNSENT_BYTES) client.destroy();
  else client.write(frame);
}
