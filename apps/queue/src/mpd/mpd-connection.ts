import { Logger } from '@nestjs/common';
import { EventEmitter, once } from 'node:events';
import { connect as connectTcp, type Socket } from 'node:net';
import { MPC } from 'mpc-js';

const CONNECT_TIMEOUT_MS = 3000;

export interface MpdEndpoint {
  name: string;
  host: string;
  port: number;
}

/**
 * One kept-alive connection to one MPD. Reconnects with backoff when MPD goes away and emits
 * `ready` after every (re)connect, so owners can re-assert the state they need.
 */
export class MpdConnection extends EventEmitter {
  private readonly logger: Logger;
  private client: MPC | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs = 250;
  private stopped = false;
  private lastError = 'not connected yet';

  constructor(readonly endpoint: MpdEndpoint) {
    super();
    this.logger = new Logger(`mpd:${endpoint.name}`);
  }

  get connected(): boolean {
    return this.client !== undefined;
  }

  get lastProblem(): string {
    return this.lastError;
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.client?.disconnect();
    this.client = undefined;
  }

  /** Runs `work` with the live client; fails fast while disconnected. */
  async use<T>(work: (client: MPC) => Promise<T>): Promise<T> {
    const client = this.client;
    if (!client) throw new Error(`MPD ${this.endpoint.name} is not connected: ${this.lastError}`);
    return work(client);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new MPC();
    client.on('socket-end', () => this.lost(client, 'connection closed'));
    client.on('socket-error', (error: unknown) => this.lost(client, String(error)));
    client.on('changed', (subsystems: string[]) => this.emit('changed', subsystems));
    try {
      // Open the socket ourselves: mpc-js never settles its connect promise on a refused connection.
      const socket = connectTcp({
        host: this.endpoint.host,
        port: this.endpoint.port,
        timeout: CONNECT_TIMEOUT_MS,
      });
      socket.on('error', () => undefined);
      socket.once('timeout', () => socket.destroy(new Error('connect timed out')));
      await once(socket, 'connect');
      socket.setTimeout(0);
      socket.setKeepAlive(true, 10_000);
      // connectSocket is private in mpc-js's typings but is the documented way to hand it an open socket.
      await withDeadline(client['connectSocket'](endOnError(socket)), CONNECT_TIMEOUT_MS, () => socket.destroy());
      this.client = client;
      this.retryDelayMs = 250;
      this.logger.log(`connected to ${this.endpoint.host}:${this.endpoint.port}`);
      this.emit('ready');
    } catch (error) {
      this.lost(client, error instanceof Error ? error.message : String(error));
    }
  }

  private lost(client: MPC, reason: string): void {
    if (this.client === client) {
      this.client = undefined;
      this.logger.warn(`lost connection: ${reason}`);
    }
    this.lastError = reason;
    client.removeAllListeners();
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, this.retryDelayMs);
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, 5000);
  }
}

/**
 * What mpc-js reads from: the socket's data, with any end (a reset included) seen as a plain end.
 * Given a socket error, mpc-js cancels its errored stream and leaves the rejected promise unhandled
 * (an MPD killed while commands were in flight: "read ECONNRESET"), which would end the process.
 */
function endOnError(socket: Socket): Socket {
  const facade = new EventEmitter();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    facade.emit('end');
  };
  socket.on('data', (chunk: Buffer) => facade.emit('data', chunk));
  socket.on('end', end);
  socket.on('close', end);
  return Object.assign(facade, {
    write: (message: Uint8Array) => socket.write(message),
    // mpc-js cancelled its stream: closing it again would throw.
    destroy: () => {
      ended = true;
      socket.destroy();
    },
  }) as unknown as Socket;
}

function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`no MPD greeting within ${ms} ms`));
    }, ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
