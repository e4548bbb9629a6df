import { type ClientRequest, get } from 'node:http';

import { sseReader } from '@h4k/testing';

export interface EventStreamOptions {
  /** Default: the now-playing stream. */
  path?: string;
  headers?: Record<string, string>;
  /** Keep the events of this name; default: the unnamed ones (what an EventSource's onmessage sees). */
  event?: string;
}

/** A gateway event stream read as an EventSource would: each kept event's id and parsed data. */
export class EventStreamClient<T = Record<string, unknown>> {
  readonly events: { id: string | undefined; data: T }[] = [];
  readonly comments: string[] = [];
  status = 0;
  contentType = '';
  ended = false;
  private readonly request: ClientRequest;

  constructor(port: number, options: EventStreamOptions = {}) {
    const { path = '/now-playing/events', headers = {}, event: kept } = options;
    const read = sseReader(
      ({ event, id, data }) => {
        if (event === kept && data) this.events.push({ id, data: JSON.parse(data) as T });
      },
      (comment) => this.comments.push(comment),
    );
    this.request = get({ host: '127.0.0.1', port, path, headers }, (response) => {
      this.status = response.statusCode ?? 0;
      this.contentType = String(response.headers['content-type']);
      response.setEncoding('utf8');
      response.on('data', read);
      response.on('close', () => (this.ended = true));
    });
    this.request.on('error', () => (this.ended = true));
  }

  /** The data of every kept event, in order. */
  get received(): T[] {
    return this.events.map((event) => event.data);
  }

  get lastId(): string | undefined {
    return this.events.at(-1)?.id;
  }

  close(): void {
    this.request.destroy();
  }
}
