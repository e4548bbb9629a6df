import { createHash, randomUUID } from 'node:crypto';
import { readdir, stat, unlink } from 'node:fs/promises';
import { join, relative } from 'node:path';

import {
  ADMIN_OWNER,
  type OwnerSongs,
  publishSongEvent,
  type QueueEntry,
  type QueueList,
  type QueueRemove,
  type QueueReserve,
  type QueueSongReady,
  rpcError,
  type SongEvent,
} from '@h4k/contracts';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';

import { Handovers } from '../handover/handovers';
import { CoalescedRun } from '../mpd/coalesced-run';
import { Mpds } from '../mpd/mpd.module';
import type { MpdClient, PlaylistItem, Status } from '../mpd/mpd-client';
import { shownArtist, shownTitle } from '../mpd/song-tags';
import { QueueRedis } from '../redis/queue-redis';
import { UserQueueService } from '../user-queue/user-queue.service';
import { fairPosition } from './fair-order';
import { type ReadySong, SongStore } from './song-store';
import { USER_MUSIC_DIR } from './user-music-dir';

/** A file this young may still be written by a download in progress: the start-up sweep leaves it. */
const SWEEP_GRACE_MS = 10 * 60_000;

/**
 * The listeners' songs from reservation to deletion. Redis holds every song (id → owner, file,
 * tags, status) so a restart loses nothing; MPD's playlist says which are still to play. Each
 * change of the user playlist (a song consumed, skipped or deleted) is matched against Redis:
 * songs gone from it lose their file and free their owner's slot. Work that reads and changes the
 * playlist runs alone on the user MPD, so a song being added is never mistaken for one that left.
 */
@Injectable()
export class UserSongsService implements OnModuleInit {
  private readonly logger = new Logger(UserSongsService.name);
  private readonly userSync = new CoalescedRun(() =>
    this.serially(async () => {
      await this.sync();
      await this.announcePlaying();
    }),
  );
  private readonly fallbackSync = new CoalescedRun(() => this.readFallback());
  private userEntries: QueueEntry[] = [];
  private fallbackEntries: QueueEntry[] = [];
  /** The user song on now, so `playing` is told once per song. */
  private playingId: string | null = null;
  private userPlaying = false;
  private owners = new Map<string, string>();

  constructor(
    private readonly mpds: Mpds,
    private readonly store: SongStore,
    private readonly userQueue: UserQueueService,
    private readonly redis: QueueRedis,
    private readonly handovers: Handovers,
    @Inject(USER_MUSIC_DIR) private readonly musicDir: string,
  ) {}

  onModuleInit(): void {
    const warn = (what: string) => (error: unknown) => this.logger.warn(`${what}: ${String(error)}`);
    this.mpds.user.onReady(() => {
      this.serially(() => this.reconcile()).catch(warn('could not reconcile songs'));
    });
    this.mpds.user.onPlayerOrPlaylistChange(() => {
      this.userSync.run().catch(warn('user songs check failed'));
    });
    this.mpds.fallback.onReady(() => this.fallbackSync.run().catch(warn('could not read the fallback')));
    this.mpds.fallback.onPlayerOrPlaylistChange(() => {
      this.fallbackSync.run().catch(warn('could not read the fallback'));
    });
  }

  async reserve(request: QueueReserve): Promise<{ id: string }> {
    if (request.limit === undefined && !request.owner.startsWith(ADMIN_OWNER)) {
      throw rpcError('BAD_REQUEST', `only an admin (owner "${ADMIN_OWNER}…") may reserve without a limit`);
    }
    const id = request.id ?? randomUUID();
    const outcome = await this.store.reserve(
      { id, owner: request.owner, sourceKey: request.sourceKey, status: 'reserved', reservedAt: Date.now() },
      request.limit,
    );
    if (outcome === 'TOO_MANY') throw rpcError('TOO_MANY', `queue limit of ${request.limit} songs reached`);
    if (outcome === 'CONFLICT') throw rpcError('CONFLICT', 'this link is already waiting in the queue');
    return { id };
  }

  async claimSource(id: string, sourceKey: string): Promise<{ claimed: true }> {
    const outcome = await this.store.claimSource(id, sourceKey);
    if (outcome === 'NOT_FOUND') throw rpcError('NOT_FOUND', 'no such reservation (released or removed)');
    if (outcome === 'CONFLICT') throw rpcError('CONFLICT', 'this song is already waiting in the queue');
    return { claimed: true };
  }

  /** Only a song still downloading: a queued one leaves through `remove` or by playing. */
  async release(id: string): Promise<{ released: boolean }> {
    return { released: await this.store.forget(id, 'reserved') };
  }

  async songReady(ready: QueueSongReady): Promise<QueueEntry & { position: number }> {
    const entry = await this.serially(async () => {
      const song = await this.store.get(ready.id);
      const path = join(this.musicDir, ready.file);
      if (!song) {
        // Removed while it downloaded: nobody waits for the file.
        await unlink(path).catch(() => undefined);
        throw rpcError('NOT_FOUND', 'no such reservation (released or removed)');
      }
      if (song.status === 'ready') return { ...this.entryOf(song, false), position: this.positionOf(song.id) };
      if (!(await stat(path).catch(() => undefined))?.isFile()) {
        throw rpcError('NOT_FOUND', `no file ${ready.file} in the user music dir`);
      }
      const mpd = this.mpds.user;
      await mpd.updateDatabase(ready.file);
      const owners = await this.ownersByFile();
      const { items, from } = await upcoming(mpd);
      const insertAt =
        from +
        fairPosition(
          items.map((item) => owners.get(item.path ?? '') ?? ''),
          song.owner,
        );
      let tags: PlaylistItem;
      try {
        tags = await mpd.insert(ready.file, insertAt);
      } catch (error) {
        if (error instanceof RpcException) throw error;
        throw rpcError('BAD_REQUEST', `the user MPD cannot play ${ready.file}: ${String(error)}`);
      }
      const queued: ReadySong = {
        ...song,
        status: 'ready',
        file: ready.file,
        title: ready.title ?? shownTitle(tags.title, ready.file),
        artist: ready.artist !== undefined ? ready.artist : shownArtist(tags.artist),
        durationSeconds: ready.durationSeconds ?? tags.duration ?? 0,
      };
      // Recorded after the add: a sync in between would otherwise take it for a song that left.
      if (!(await this.store.update(queued))) {
        await this.discardQueued(queued);
        throw rpcError('NOT_FOUND', 'the reservation was released while its song was being queued');
      }
      await this.sync();
      const place = this.positionOf(queued.id);
      await this.tell({ id: queued.id, status: 'queued', position: place, target: 'user', owner: queued.owner });
      await this.announcePlaying();
      return { ...this.entryOf(queued, false), position: place };
    });
    // The keeper starts it unless a hold (admin pause, DJ live) keeps the queue paused.
    await this.userQueue.keepInStep();
    return entry;
  }

  async remove(request: QueueRemove): Promise<{ removed: true }> {
    await this.serially(async () => {
      const song = await this.store.get(request.id);
      if (!song) throw rpcError('NOT_FOUND', 'no such song in the queue');
      if (request.owner !== undefined && request.owner !== song.owner) {
        throw rpcError('FORBIDDEN', 'this song was submitted by someone else');
      }
      if (song.status === 'reserved') {
        await this.store.forget(song.id);
      } else {
        await this.announceIfLast((item) => item.path === song.file);
        await this.discardQueued(song);
        await this.sync();
      }
      await this.tell({ id: song.id, status: 'removed', reason: 'deleted', target: 'user', owner: song.owner });
    });
    await this.userQueue.keepInStep();
    return { removed: true };
  }

  /**
   * An admin takes one entry out of the user playlist by its MPD song id (`mpd:<id>`: an entry put
   * there by hand, which has no song id). False when there is no such entry.
   */
  async removeEntry(mpdSongId: number): Promise<boolean> {
    const removed = await this.serially(async () => {
      if (!(await this.mpds.user.playlist()).some((item) => item.id === mpdSongId)) return false;
      await this.announceIfLast((item) => item.id === mpdSongId);
      await this.mpds.user.removeEntry(mpdSongId);
      await this.sync();
      return true;
    });
    if (removed) await this.userQueue.keepInStep();
    return removed;
  }

  /**
   * When every song still to play is about to leave, the playing queue stops: Liquidsoap hands
   * over to the next tier first, while the song still plays (see Handovers).
   */
  private async announceIfLast(leaving: (item: PlaylistItem) => boolean): Promise<void> {
    const { items, status } = await upcoming(this.mpds.user);
    if (status.state === 'play' && items.every(leaving)) await this.handovers.release('user');
  }

  list(): QueueList {
    return { songs: [...this.userEntries, ...this.fallbackEntries] };
  }

  async ownerSongs(owner: string): Promise<OwnerSongs> {
    const songs = await this.store.ofOwner(owner);
    songs.sort((a, b) => a.reservedAt - b.reservedAt);
    return {
      used: songs.length,
      songs: songs.map((song) => ({
        id: song.id,
        state: song.status === 'ready' ? 'queued' : 'downloading',
        title: song.status === 'ready' ? song.title : null,
      })),
    };
  }

  /** Tells `playing` when the user MPD moved on to another listener's song (after any `queued` of it). */
  private async announcePlaying(): Promise<void> {
    const current = this.userEntries.find((entry) => entry.current);
    const playing = this.userPlaying && current?.id ? current.id : null;
    if (playing === this.playingId) return;
    this.playingId = playing;
    if (playing) {
      await this.tell({ id: playing, status: 'playing', position: 0, target: 'user', owner: this.owners.get(playing) });
    }
  }

  /** Listeners' songs ahead of this one in play order (0: on now or next). */
  private positionOf(id: string): number {
    const upcoming = this.userEntries.filter((entry) => !entry.current);
    const index = upcoming.findIndex((entry) => entry.id === id);
    return Math.max(0, index);
  }

  /** Progress for the submitter (SSE) and `GET /queue/{id}`; advisory, so a Redis blip is only logged. */
  private async tell(event: SongEvent): Promise<void> {
    await publishSongEvent(this.redis, event).catch((error: unknown) => {
      this.logger.warn(`could not publish ${event.status} for ${event.id}: ${String(error)}`);
    });
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    return this.mpds.user.exclusive(work);
  }

  /** Songs that left the playlist (played, skipped, deleted) lose their file and slot; the list is rebuilt. */
  private async sync(): Promise<void> {
    const { items, all, songId, status } = await upcoming(this.mpds.user);
    const queuedFiles = new Set(all.map((item) => item.path));
    const byFile = new Map<string, ReadySong>();
    for (const song of await this.store.all()) {
      if (song.status !== 'ready') continue;
      if (queuedFiles.has(song.file)) byFile.set(song.file, song);
      else await this.discard(song, 'played');
    }
    this.userEntries = items.map((item) => {
      const song = byFile.get(item.path ?? '');
      if (song) return this.entryOf(song, item.id === songId);
      // Put there by hand (an admin with mpc): shown, never deleted.
      return {
        tier: 'user',
        id: null,
        title: shownTitle(item.title, item.path),
        artist: shownArtist(item.artist),
        durationSeconds: item.duration ?? null,
        submitter: null,
        current: item.id === songId,
      };
    });
    this.userPlaying = status.state === 'play';
    this.owners = new Map([...byFile.values()].map((song) => [song.id, song.owner]));
  }

  /** After a restart of this service or of MPD: the sync, then files nobody waits for are deleted. */
  private async reconcile(): Promise<void> {
    await this.sync();
    const queued = new Set((await this.mpds.user.playlist()).map((item) => item.path));
    const downloading = (await this.store.all()).some((song) => song.status === 'reserved');
    for (const file of await listFiles(this.musicDir)) {
      if (queued.has(file)) continue;
      const path = join(this.musicDir, file);
      const modified = (await stat(path)).mtimeMs;
      if (downloading && Date.now() - modified < SWEEP_GRACE_MS) continue;
      this.logger.log(`deleting ${file}: not in the user queue`);
      await unlink(path).catch(() => undefined);
      await this.mpds.user.updateDatabase(file).catch(() => undefined);
    }
  }

  private async discardQueued(song: ReadySong): Promise<void> {
    await this.mpds.user.removeEntries((await this.mpds.user.playlist()).filter((item) => item.path === song.file));
    await this.discard(song, null);
  }

  /** `why` is told to the submitter; null when the caller tells its own reason. */
  private async discard(song: ReadySong, why: 'played' | null): Promise<void> {
    await unlink(join(this.musicDir, song.file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await this.store.forget(song.id);
    // Only this path: MPD forgets the file without a rescan of the whole dir.
    await this.mpds.user.updateDatabase(song.file).catch(() => undefined);
    this.logger.log(`song ${song.id} left the queue: file deleted, slot freed`);
    if (why === 'played') await this.tell({ id: song.id, status: 'played', target: 'user', owner: song.owner });
  }

  private async ownersByFile(): Promise<Map<string, string>> {
    const owners = new Map<string, string>();
    for (const song of await this.store.all()) if (song.status === 'ready') owners.set(song.file, song.owner);
    return owners;
  }

  private entryOf(song: ReadySong, current: boolean): QueueEntry {
    return {
      tier: 'user',
      id: song.id,
      title: song.title,
      artist: song.artist,
      durationSeconds: song.durationSeconds,
      submitter: song.owner.startsWith(ADMIN_OWNER) ? 'the station' : submitterLabel(song.owner),
      current,
    };
  }

  private async readFallback(): Promise<void> {
    const status = await this.mpds.fallback.status();
    const all = await this.mpds.fallback.playlist();
    const entries: QueueEntry[] = [];
    for (const songId of [status.songId, status.nextSongId]) {
      const item = all.find((each) => songId !== undefined && each.id === songId);
      if (!item) continue;
      entries.push({
        tier: 'fallback',
        id: null,
        title: shownTitle(item.title, item.path),
        artist: shownArtist(item.artist),
        durationSeconds: item.duration ?? null,
        submitter: null,
        current: songId === status.songId,
      });
    }
    this.fallbackEntries = entries;
  }
}

/** A short label that tells listeners' songs apart without saying who they are. */
export function submitterLabel(owner: string): string {
  return `listener ${createHash('sha256').update(owner).digest('hex').slice(0, 4)}`;
}

/** The playlist from the current song on (consume mode: songs before it already played). */
async function upcoming(
  mpd: MpdClient,
): Promise<{ items: PlaylistItem[]; all: PlaylistItem[]; from: number; songId: number | undefined; status: Status }> {
  const status = await mpd.status();
  const from = status.song ?? 0;
  const all = await mpd.playlist();
  return { items: all.slice(from), all, from, songId: status.songId, status };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((file) => !file.split('/').some((part) => part.startsWith('.')));
}
