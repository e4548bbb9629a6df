import { sseReader } from '@h4k/testing';
import { get, type ClientRequest } from 'node:http';

/**
 * The data of one kind of event on a gateway's `GET /now-playing/events`, parsed: the unnamed
 * now-playing states (what an EventSource's onmessage sees), or the events of one name.
 */
export class NowPlayingStream<T> {
  readonly received: T[] = [];
  private readonly request: ClientRequest;

  constructor(port: number, eventName?: string) {
    this.request = get({ host: '127.0.0.1', port, path: '/now-playing/events' }, (response) => {
      response.setEncoding('utf8');
      response.on(
        'data',
        sseReader(({ event, data }) => {
          if (event === eventName) this.received.push(JSON.parse(data) as T);
        }),
      );
    });
    this.request.on('error', () => undefined);
  }

  close(): void {
    this.request.destroy();
  }
}
