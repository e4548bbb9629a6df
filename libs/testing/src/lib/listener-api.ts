import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

import { SONG_PROGRESS_STATUSES, type SongProgress } from '@h4k/contracts';

import { eventually } from './processes';
import { sseReader } from './sse';
import type { StationView } from './test-station';

/** One Server-Sent Events stream read with fetch (Node 20 has no EventSource): each event's JSON data and arrival time. */
export class EventStream<T> {
  readonly events: { at: number; data: T }[] = [];
  private readonly abort = new AbortController();
  private failure: string | undefined;

  constructor(
    readonly url: string,
    headers: Record<string, string> = {},
  ) {
    // Not awaited: a stream with nothing to say yet sends no headers, so fetch resolves at the first event.
    this.read(headers).catch((error: unknown) => {
      if (!this.abort.signal.aborted) this.failure = error instanceof Error ? error.message : String(error);
    });
  }

  /** The first event (in arrival order) matching `predicate`. */
  async waitFor(what: string, predicate: (data: T) => boolean, timeoutMs = 30_000): Promise<{ at: number; data: T }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((event) => predicate(event.data));
      if (found) return found;
      if (this.failure) throw new Error(`${what}: the event stream ${this.url} failed: ${this.failure}`);
      if (Date.now() > deadline) {
        const seen = this.events.map((event) => JSON.stringify(event.data)).join('\n  ');
        throw new Error(`${what}: no such event within ${timeoutMs} ms; seen:\n  ${seen}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  close(): void {
    this.abort.abort();
  }

  private async read(headers: Record<string, string>): Promise<void> {
    const response = await fetch(this.url, {
      headers: { Accept: 'text/event-stream', ...headers },
      signal: this.abort.signal,
    });
    if (response.status !== 200 || !response.body) throw new Error(`${response.status} ${await response.text()}`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const feed = sseReader(({ event, data }) => {
      // Named events (e.g. history on the now-playing stream) are not this stream's messages.
      if (event === undefined && data) this.events.push({ at: Date.now(), data: JSON.parse(data) as T });
    });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error('the server closed the stream');
      feed(decoder.decode(value, { stream: true }));
    }
  }
}

/** What a listener may be told of a song (`added` is for library songs only). */
export const SONG_STATUSES: readonly string[] = SONG_PROGRESS_STATUSES.filter((status) => status !== 'added');

/** A song's status as `GET /queue/{id}` and the SSE streams tell it. */
export type SongStatus = SongProgress;

export interface MySongs {
  limit: number;
  used: number;
  songs: SongStatus[];
}

/** A listener of the shared station with a fresh user token: what the listener API offers, through Caddy. */
export class Listener {
  private constructor(
    private readonly station: StationView,
    readonly token: string,
  ) {}

  static async mint(
    station: StationView,
    claims: { duration_seconds?: number; max_queue_songs?: number; max_add_requests?: number } = {},
  ): Promise<Listener> {
    const response = await fetch(station.url('/api/admin/token'), {
      method: 'POST',
      headers: { Authorization: `Bearer ${station.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ duration_seconds: 3600, ...claims }),
    });
    if (response.status !== 201) throw new Error(`POST /admin/token: ${response.status} ${await response.text()}`);
    return new Listener(station, ((await response.json()) as { token: string }).token);
  }

  addLink(body: { url: string; title?: string; artist?: string }): Promise<Response> {
    return fetch(this.station.url('/api/queue/add'), {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  async upload(path: string, fields: Record<string, string> = {}): Promise<Response> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(await readFile(path))], { type: 'audio/ogg' }), basename(path));
    return fetch(this.station.url('/api/queue/add'), {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}` },
      body: form,
    });
  }

  async mine(): Promise<MySongs> {
    const response = await fetch(this.station.url('/api/queue/mine'), {
      headers: { Authorization: `Bearer ${this.token}` },
    });
    if (response.status !== 200) throw new Error(`GET /queue/mine: ${response.status} ${await response.text()}`);
    return (await response.json()) as MySongs;
  }

  remove(id: string, token = this.token): Promise<Response> {
    return fetch(this.station.url(`/api/queue/${id}`), {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}` },
    });
  }

  /** `GET /queue/events` with `?token=`, as a browser's EventSource must. */
  events(): EventStream<SongStatus> {
    return new EventStream(this.station.url(`/api/queue/events?token=${encodeURIComponent(this.token)}`));
  }
}

export async function songStatus(station: StationView, id: string): Promise<SongStatus> {
  const response = await fetch(station.url(`/api/queue/${id}`));
  if (response.status !== 200) throw new Error(`GET /queue/${id}: ${response.status} ${await response.text()}`);
  return (await response.json()) as SongStatus;
}

/** Waits until song `id` reaches one of `statuses`; a song that failed fails the wait at once, with its reason. */
export async function songReached(
  station: StationView,
  id: string,
  statuses: readonly SongStatus['status'][],
  timeoutMs = 180_000,
): Promise<void> {
  await eventually(
    `song ${id} ${statuses.join(' or ')}`,
    async () => {
      const { status, reason } = await songStatus(station, id);
      if (status === 'failed') throw new Error(`song ${id} failed: ${reason ?? ''}`);
      return statuses.includes(status);
    },
    timeoutMs,
  );
}

/** Files under a dir of the station's data dir (none when it does not exist yet). */
export function filesIn(station: StationView, subdir: string): string[] {
  try {
    return readdirSync(join(station.dataDir, subdir));
  } catch {
    return [];
  }
}
