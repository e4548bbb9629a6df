import { inject, Injectable, InjectionToken } from '@angular/core';
import { map, NEVER, Observable, retry, timer } from 'rxjs';

/** Opens an EventSource; null where the platform has none (tests, old browsers): pages then only poll. */
export const EVENT_SOURCE = new InjectionToken<((url: string) => EventSource) | null>('EVENT_SOURCE', {
  providedIn: 'root',
  factory: () => (typeof EventSource === 'undefined' ? null : (url: string) => new EventSource(url)),
});

/** How long to wait before reopening a stream the browser gave up on (a 502 while the gateway restarts). */
export const EVENT_SOURCE_RETRY_MS = new InjectionToken<number>('EVENT_SOURCE_RETRY_MS', {
  providedIn: 'root',
  factory: () => 3000,
});

/** One event of a stream: `message` for unnamed ones. */
export interface ServerSentEvent {
  readonly type: string;
  readonly data: unknown;
}

/** EventSource.CLOSED; the constant is missing where EventSource is (tests). */
const CLOSED = 2;

/**
 * The panel's one door to the gateway's Server-Sent Events (the generated client cannot read
 * streams). The browser reconnects by itself after a dropped connection, but gives up for good on
 * an HTTP error: then the stream is opened again after EVENT_SOURCE_RETRY_MS.
 */
@Injectable({ providedIn: 'root' })
export class ServerSentEvents {
  private readonly open = inject(EVENT_SOURCE);
  private readonly retryMs = inject(EVENT_SOURCE_RETRY_MS);

  /** The JSON data of every message on `url`, open while subscribed. */
  json<T>(url: string): Observable<T> {
    return this.events(url, []).pipe(map((event) => event.data as T));
  }

  /**
   * Plain messages (type `message`) and the named events listed in `names` (e.g. `history` on the
   * now-playing stream), each with its type and JSON data, from one EventSource.
   */
  events(url: string, names: readonly string[]): Observable<ServerSentEvent> {
    const open = this.open;
    if (!open) return NEVER;
    return new Observable<ServerSentEvent>((subscriber) => {
      const source = open(url);
      const handler = (type: string) => (event: MessageEvent<string>) => {
        try {
          subscriber.next({ type, data: JSON.parse(event.data) as unknown });
        } catch {
          // not JSON: nothing to act on
        }
      };
      source.onmessage = handler('message');
      for (const name of names) source.addEventListener(name, handler(name) as EventListener);
      source.onerror = () => {
        if (source.readyState === CLOSED) subscriber.error(new Error(`event stream ${url} closed`));
      };
      return () => source.close();
    }).pipe(retry({ delay: () => timer(this.retryMs) }));
  }
}
