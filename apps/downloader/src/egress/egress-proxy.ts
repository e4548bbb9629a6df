import { randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request as httpRequest,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect, type LookupFunction, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

import { decideEgress, type EgressPolicy } from '@h4k/egress-policy';

import { proxyTarget } from './proxy-target';

/** A window on the proxy for one job: its own credentials and its own record of refusals. */
export interface EgressSession {
  /** For yt-dlp's `*_proxy` environment: the session's token rides as the proxy user name (not in argv). */
  readonly proxyUrl: string;
  /** Which hops were refused and why: for the log and the admin, never for the listener. */
  readonly refusals: readonly string[];
  close(): void;
}

interface SessionState {
  label: string;
  refusals: string[];
}

const CONNECT_TIMEOUT_MS = 15_000;
const IDLE_TIMEOUT_MS = 60_000;
const HOP_BY_HOP = new Set([
  'proxy-authorization',
  'proxy-connection',
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Sockets here only ever get a vetted address; a host name reaching one is a bug, not a lookup. */
const noLookup: LookupFunction = (hostname, _options, callback) =>
  callback(new Error(`egress: refusing to look up ${hostname} a second time`), '', 0);

/**
 * A forward proxy on 127.0.0.1 for everything fetched on a listener's behalf: CONNECT for https,
 * absolute-URI requests for http. Every hop (first URL, each redirect, embedded media, each HLS
 * segment) is a new request here, resolved once and classified before a socket is opened; the
 * socket then goes to the vetted address itself. Only holders of a session token may use it.
 */
export class EgressProxy {
  private readonly server: Server;
  private readonly sessions = new Map<string, SessionState>();
  private port = 0;

  constructor(
    private readonly policy: EgressPolicy,
    private readonly onRefusal: (label: string, detail: string) => void = () => undefined,
  ) {
    this.server = createServer((request, response) => void this.forward(request, response));
    this.server.on('connect', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      void this.tunnel(request, socket, head);
    });
    this.server.on('clientError', (_error, socket) => socket.destroy());
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = this.server.address();
    if (typeof address !== 'object' || !address) throw new Error('egress proxy has no port');
    this.port = address.port;
    return this.port;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  openSession(label: string): EgressSession {
    const token = randomBytes(24).toString('hex');
    const state: SessionState = { label, refusals: [] };
    this.sessions.set(token, state);
    return {
      proxyUrl: `http://${token}:x@127.0.0.1:${this.port}`,
      refusals: state.refusals,
      close: () => this.sessions.delete(token),
    };
  }

  private sessionOf(headers: IncomingHttpHeaders): SessionState | undefined {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(headers['proxy-authorization'] ?? '');
    if (!match?.[1]) return undefined;
    const token = Buffer.from(match[1], 'base64').toString().split(':')[0] ?? '';
    return this.sessions.get(token);
  }

  /** Resolves and classifies a request's target; null (with the refusal recorded) when refused. */
  private async vet(
    session: SessionState,
    method: string,
    requestTarget: string,
  ): Promise<{ url: URL; addresses: string[]; port: number } | null> {
    const url = proxyTarget(method, requestTarget);
    if (!url) {
      this.refuse(session, `${method} ${requestTarget.slice(0, 200)}: not a target this proxy serves`);
      return null;
    }
    const decision = await decideEgress(url, this.policy);
    if (!decision.ok) {
      this.refuse(session, decision.detail);
      return null;
    }
    return { url, addresses: decision.addresses, port: decision.port };
  }

  private refuse(session: SessionState, detail: string): void {
    session.refusals.push(detail);
    this.onRefusal(session.label, detail);
  }

  private async tunnel(request: IncomingMessage, client: Duplex, head: Buffer): Promise<void> {
    client.on('error', () => undefined);
    const session = this.sessionOf(request.headers);
    if (!session) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const vetted = await this.vet(session, 'CONNECT', request.url ?? '');
    if (!vetted) {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    let upstream: Socket;
    try {
      upstream = await dial(vetted.addresses, vetted.port);
    } catch {
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (client.destroyed) {
      upstream.destroy();
      return;
    }
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) upstream.write(head);
    upstream.setTimeout(IDLE_TIMEOUT_MS, () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.pipe(client);
    client.pipe(upstream);
  }

  private async forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const session = this.sessionOf(request.headers);
    if (!session) {
      response.writeHead(407, { 'proxy-authenticate': 'Basic realm="h4k-egress"' }).end();
      return;
    }
    const vetted = await this.vet(session, request.method ?? 'GET', request.url ?? '');
    if (!vetted) {
      response.writeHead(403, { 'content-type': 'text/plain' }).end("refused by the station's egress guard\n");
      return;
    }
    let socket: Socket;
    try {
      socket = await dial(vetted.addresses, vetted.port);
    } catch {
      response.writeHead(502).end();
      return;
    }
    socket.setTimeout(IDLE_TIMEOUT_MS, () => socket.destroy());
    const upstream = httpRequest(
      {
        createConnection: () => socket,
        method: request.method,
        path: vetted.url.pathname + vetted.url.search,
        headers: { ...withoutHopByHop(request.headers), host: vetted.url.host },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.headers));
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      if (response.headersSent) response.destroy();
      else response.writeHead(502).end();
    });
    response.on('close', () => upstream.destroy());
    request.pipe(upstream);
  }
}

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
}

/** Connects to the first vetted address that answers (a name's addresses are tried in order). */
async function dial(addresses: readonly string[], port: number): Promise<Socket> {
  let lastError: unknown = new Error('no address');
  for (const address of addresses) {
    try {
      return await new Promise<Socket>((resolve, reject) => {
        const socket = connect({ host: address, port, lookup: noLookup, timeout: CONNECT_TIMEOUT_MS });
        socket.once('connect', () => {
          socket.setTimeout(0);
          resolve(socket);
        });
        socket.once('timeout', () => socket.destroy(new Error(`connect to ${address}:${port} timed out`)));
        socket.once('error', reject);
      });
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
