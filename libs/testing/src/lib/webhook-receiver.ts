import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** performance.now() when the whole body had arrived. */
  at: number;
}

/**
 * A webhook receiver on loopback that records every request. `statusFor(path, seen)` answers each one
 * (`seen`: how many requests that path has had, this one included); 204 unless told otherwise.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly seen = new Map<string, number>();
  private server: Server | undefined;

  constructor(private readonly statusFor: (path: string, seen: number) => number = () => 204) {}

  async listen(port: number): Promise<void> {
    this.server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const path = request.url ?? '';
        this.received.push({ path, headers: request.headers, body, at: performance.now() });
        const seen = (this.seen.get(path) ?? 0) + 1;
        this.seen.set(path, seen);
        response.statusCode = this.statusFor(path, seen);
        response.end();
      });
    });
    await new Promise<void>((done) => this.server?.listen(port, '127.0.0.1', done));
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((entry) => entry.path === path);
  }

  close(): Promise<void> {
    return new Promise((done) => this.server?.close(() => done()));
  }
}
