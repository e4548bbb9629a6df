import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Subscription } from 'rxjs';

import { openEventStream, SSE_HEARTBEAT, sseFrame, writeFrame } from '../sse/event-stream';
import { type NowPlayingRevision, NowPlayingService } from './now-playing.service';

/** Milliseconds between heartbeat comments on every open event stream. */
export const NOW_PLAYING_HEARTBEAT_MS = Symbol('NOW_PLAYING_HEARTBEAT_MS');
export const DEFAULT_HEARTBEAT_MS = 15_000;

const UP_TO_DATE = ': up to date\n\n';
const WRITE_BATCH = 100;

function frameOf(revision: NowPlayingRevision): string {
  return sseFrame(revision.nowPlaying, revision.id);
}

/**
 * Server-Sent Events of now-playing, served from memory: one subscription to the service's changes,
 * each change serialized once and written to every open stream, and one heartbeat timer for all of
 * them. A client costs a socket and a Set entry: no timer, no Redis or service round trip.
 */
@Injectable()
export class NowPlayingEvents implements OnModuleInit, OnModuleDestroy {
  private readonly clients = new Set<Response>();
  private subscription: Subscription | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly nowPlaying: NowPlayingService,
    @Inject(NOW_PLAYING_HEARTBEAT_MS) private readonly heartbeatMs: number,
  ) {}

  get openStreams(): number {
    return this.clients.size;
  }

  onModuleInit(): void {
    this.subscription = this.nowPlaying.changes.subscribe((revision) => this.broadcast(frameOf(revision)));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  /** Sends the current state first, unless the client's Last-Event-ID says it already has it. */
  open(request: Request, response: Response): void {
    if (!openEventStream(request, response)) return;
    const latest = this.nowPlaying.latest();
    response.write(request.headers['last-event-id'] === latest.id ? UP_TO_DATE : frameOf(latest));
    this.clients.add(response);
    response.once('close', () => this.drop(response));
    this.heartbeat ??= setInterval(() => this.broadcast(SSE_HEARTBEAT), this.heartbeatMs).unref();
  }

  /**
   * Another kind of event on the same streams (e.g. `history`), named so an EventSource's plain
   * `message` handler never sees it; no id, so Last-Event-ID keeps naming the now-playing state.
   */
  announce(event: string, data: unknown): void {
    this.broadcast(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /**
   * Writes in batches, one per turn of the event loop, so a thousand streams never hold up the
   * report that caused the change or any other request. Each stream still gets frames in order:
   * a later broadcast's batch k always runs after an earlier one's batch k.
   */
  private broadcast(frame: string): void {
    const targets = [...this.clients];
    const writeBatch = (start: number): void => {
      for (const client of targets.slice(start, start + WRITE_BATCH)) {
        writeFrame(client, frame);
      }
      if (start + WRITE_BATCH < targets.length) setImmediate(writeBatch, start + WRITE_BATCH);
    };
    setImmediate(writeBatch, 0);
  }

  private drop(response: Response): void {
    this.clients.delete(response);
    if (this.clients.size === 0) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    }
  }
}
