import { unlink } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';

import { publishSongEvent, readSongEvent, type SongEvent, subscribeToSongEvents } from '@h4k/contracts';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import type { Redis } from 'ioredis';

import { FALLBACK_MUSIC_DIR } from '../library/fallback-music-dir';
import { LibraryService } from '../library/library.service';
import { QueueRedis } from '../redis/queue-redis';
import { SongStore } from './song-store';
import { USER_MUSIC_DIR } from './user-music-dir';
import { UserSongsService } from './user-songs.service';

/** A reservation whose download has not finished after this long is given up and its slot freed. */
export const RESERVATION_MAX_AGE_MS = 60 * 60_000;
const SWEEP_EVERY_MS = 60_000;

/**
 * Reacts to the downloader's song events: a listener's song that is `ready` is queued in fair
 * order, one that `failed` gives its slot back; a `ready` library song joins the fallback playlist. Pub/sub can miss a message while this service or
 * Redis restarts, so each (re)connection first catches up from the songs' kept statuses, and a
 * sweep frees reservations whose download never finished.
 */
@Injectable()
export class DownloadedSongs implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DownloadedSongs.name);
  private subscriber: Redis | undefined;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: QueueRedis,
    private readonly store: SongStore,
    private readonly songs: UserSongsService,
    private readonly library: LibraryService,
    @Inject(USER_MUSIC_DIR) private readonly musicDir: string,
    @Inject(FALLBACK_MUSIC_DIR) private readonly fallbackDir: string,
  ) {}

  onModuleInit(): void {
    this.subscriber = subscribeToSongEvents(this.redis, {
      onEvent: (event) => void this.handle(event),
      onReady: () => void this.catchUp(),
      onError: (error) => this.logger.warn(`could not subscribe to song events: ${String(error)}`),
    });
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_EVERY_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
    this.subscriber?.disconnect();
  }

  async handle(event: SongEvent): Promise<void> {
    if (event.target === 'fallback') {
      if (event.status === 'ready' && event.file) await this.addToLibrary(event.id, event.file);
      return;
    }
    if (event.target !== 'user') return;
    try {
      if (event.status === 'ready' && event.file) await this.queue(event.id, event.file);
      else if (event.status === 'failed') await this.songs.release(event.id);
    } catch (error) {
      this.logger.warn(`song ${event.id} (${event.status}): ${String(error)}`);
    }
  }

  /** Songs reserved before this service (or its Redis connection) came back: settled from their last status. */
  async catchUp(): Promise<void> {
    try {
      for (const song of await this.store.all()) {
        if (song.status !== 'reserved') continue;
        const last = await readSongEvent(this.redis, song.id);
        if (last && (last.status === 'ready' || last.status === 'failed'))
          await this.handle({ ...last, target: 'user' });
      }
    } catch (error) {
      this.logger.warn(`could not catch up on downloads: ${String(error)}`);
    }
  }

  async sweep(now = Date.now()): Promise<void> {
    try {
      for (const song of await this.store.all()) {
        if (song.status !== 'reserved' || now - song.reservedAt < RESERVATION_MAX_AGE_MS) continue;
        if (!(await this.store.forget(song.id, 'reserved'))) continue;
        this.logger.warn(`song ${song.id}: download never finished, slot freed`);
        await publishSongEvent(this.redis, {
          id: song.id,
          status: 'failed',
          reason: 'failed: the download did not finish in time',
          target: 'user',
          owner: song.owner,
        });
      }
    } catch (error) {
      this.logger.warn(`could not sweep reservations: ${String(error)}`);
    }
  }

  private async addToLibrary(id: string, file: string): Promise<void> {
    const path = relative(this.fallbackDir, file);
    if (!path || path.startsWith('..') || isAbsolute(path)) {
      this.logger.warn(`library song ${id}: ${file} is not in the fallback music dir`);
      return;
    }
    try {
      await this.library.added(path);
      await publishSongEvent(this.redis, { id, status: 'added', target: 'fallback' });
    } catch (error) {
      this.logger.warn(`library song ${id} could not join the fallback: ${String(error)}`);
      await publishSongEvent(this.redis, {
        id,
        status: 'failed',
        reason: 'failed: the fallback MPD could not read the song',
        target: 'fallback',
      }).catch(() => undefined);
    }
  }

  private async queue(id: string, file: string): Promise<void> {
    const path = relative(this.musicDir, file);
    if (!path || path.startsWith('..') || isAbsolute(path)) {
      this.logger.warn(`song ${id}: ${file} is not in the user music dir`);
      return;
    }
    try {
      await this.songs.songReady({ id, file: path });
    } catch (error) {
      const code = error instanceof RpcException ? (error.getError() as { code?: string }).code : undefined;
      // Removed while it downloaded: songReady deleted the file; nothing to tell.
      if (code === 'NOT_FOUND') return;
      const song = await this.store.get(id);
      await unlink(join(this.musicDir, path)).catch(() => undefined);
      await this.songs.release(id);
      await publishSongEvent(this.redis, {
        id,
        status: 'failed',
        reason: 'failed: the song could not be queued',
        target: 'user',
        owner: song?.owner,
      });
      throw error;
    }
  }
}
