import {
  isInternalSongEvent,
  PATTERNS,
  progressOf,
  readSongEvent,
  type SongProgress,
  subscribeToSongEvents,
} from '@h4k/contracts';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';

import { GatewayRedis } from '../redis/redis.module';
import { Services } from '../rpc/services.module';
import { openEventStream, SSE_HEARTBEAT, sseFrame, writeFrame } from '../sse/event-stream';

const HEARTBEAT_MS = 15_000;

/**
 * Song progress as Server-Sent Events: one Redis subscription for the whole gateway, each event
 * written to the streams of its submitter and of that song. A new stream first gets the latest
 * status of each of its songs, so a reconnect misses nothing that matters.
 */
@Injectable()
export class SongEventStreams implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SongEventStreams.name);
  private subscriber: Redis | undefined;
  private readonly byOwner = new Map<string, Set<Response>>();
  private readonly bySong = new Map<string, Set<Response>>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: GatewayRedis,
    private readonly services: Services,
  ) {}

  onModuleInit(): void {
    this.subscriber = subscribeToSongEvents(this.redis, {
      onEvent: (event) => {
        if (isInternalSongEvent(event)) return;
        const frame = sseFrame(progressOf(event));
        for (const client of this.bySong.get(event.id) ?? []) writeFrame(client, frame);
        if (event.owner) for (const client of this.byOwner.get(event.owner) ?? []) writeFrame(client, frame);
      },
      onError: (error) => this.logger.warn(`could not subscribe to song events: ${String(error)}`),
    });
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
    for (const clients of [...this.byOwner.values(), ...this.bySong.values()]) {
      for (const client of clients) client.end();
    }
    this.subscriber?.disconnect();
  }

  /** The latest status of a song, or undefined when unknown. */
  async status(id: string): Promise<SongProgress | undefined> {
    const event = await readSongEvent(this.redis, id);
    return event ? progressOf(event) : undefined;
  }

  /** Every song of one listener, as they change. */
  async openForOwner(owner: string, request: Request, response: Response): Promise<void> {
    const { songs } = await this.services.send(PATTERNS.queue.ownerSongs, { owner });
    const current = await Promise.all(songs.map((song) => this.status(song.id)));
    if (!openEventStream(request, response)) return;
    for (const progress of current) if (progress) writeFrame(response, sseFrame(progress));
    this.track(this.byOwner, owner, response);
  }

  /** One song, as it changes; the caller checked that it exists. */
  openForSong(id: string, current: SongProgress, request: Request, response: Response): void {
    if (!openEventStream(request, response)) return;
    writeFrame(response, sseFrame(current));
    this.track(this.bySong, id, response);
  }

  private track(map: Map<string, Set<Response>>, key: string, response: Response): void {
    const clients = map.get(key) ?? new Set<Response>();
    clients.add(response);
    map.set(key, clients);
    this.heartbeat ??= setInterval(() => this.beat(), HEARTBEAT_MS).unref();
    response.once('close', () => {
      clients.delete(response);
      if (clients.size === 0) map.delete(key);
      if (this.byOwner.size === 0 && this.bySong.size === 0) {
        clearInterval(this.heartbeat);
        this.heartbeat = undefined;
      }
    });
  }

  private beat(): void {
    for (const clients of [...this.byOwner.values(), ...this.bySong.values()]) {
      for (const client of clients) writeFrame(client, SSE_HEARTBEAT);
    }
  }
}
