import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';

/** A local HTTP server for tests that remembers every request it was sent. */
export interface RecordingServer {
  readonly port: number;
  /** `METHOD path` of every request, in order. */
  readonly hits: string[];
  /** TCP connections accepted, HTTP or not (an FTP client connects and waits for a banner). */
  readonly connections: number;
  close(): Promise<void>;
}

export type Route = (request: IncomingMessage, response: ServerResponse) => boolean;

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
};

/**
 * Serves files from `dir` (after `routes`, which return true when they answered), on `host`
 * (any 127.x address) and `port` (0: any free one).
 */
export async function startRecordingServer(
  dir: string,
  options: { host?: string; port?: number; routes?: Route[] } = {},
): Promise<RecordingServer> {
  const hits: string[] = [];
  const server: Server = createServer((request, response) => {
    hits.push(`${request.method ?? '?'} ${request.url ?? ''}`);
    if (options.routes?.some((route) => route(request, response))) return;
    const name = (request.url ?? '/').slice(1).split('?')[0] ?? '';
    const path = join(dir, name);
    stat(path).then(
      (info) => {
        const type = CONTENT_TYPES[name.split('.').pop() ?? ''] ?? 'audio/ogg';
        response.writeHead(200, { 'content-type': type, 'content-length': String(info.size) });
        createReadStream(path).pipe(response);
      },
      () => response.writeHead(404).end(),
    );
  });
  let connections = 0;
  server.on('connection', () => (connections += 1));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return {
    port: address.port,
    hits,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
