import { EventEmitter, once } from 'node:events';
import { connect as connectTcp, type Socket } from 'node:net';

import { rpcError } from '@h4k/contracts';
import { Logger } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { Mutex } from 'async-mutex';
import { type DirectoryEntry, MPC, type MPDError, type PlaylistItem, type Song, type Status } from 'mpc-js';

export type { PlaylistItem, Song, Status } from 'mpc-js';

const CONNECT_TIMEOUT_MS = 3000;
/** How long one database update may take before the caller gets UNAVAILABLE. */
export const UPDATE_TIMEOUT_MS = 30_000;
const UPDATE_POLL_MS = 50;
/** MPD's ACK code for a path that is not in its database. */
const ACK_NO_EXIST = 50;

export interface MpdEndpoint {
  name: string;
  host: string;
  port: number;
}

export interface PlaybackModes {
  consume: boolean;
  repeat: boolean;
  random: boolean;
}

/**
 * The one door to one MPD: the only code in this service that speaks MPD protocol (mpc-js).
 * Keeps one connection alive, reconnecting with backoff, and emits `ready` after every
 * (re)connect so owners can re-assert the state they need, and `changed` with MPD's subsystems.
 * Every command fails with UNAVAILABLE (503) while MPD is away or when it went away mid-command.
 * Work that reads and then changes the playlist runs alone through `exclusive`.
 */
export class MpdClient extends EventEmitter {
  private readonly logger: Logger;
  private readonly lane = new Mutex();
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

  /** Fails fast (UNAVAILABLE) while MPD is away, before a caller records anything. */
  assertConnected(): void {
    if (!this.client) throw this.unavailable();
  }

  onReady(listener: () => void): void {
    this.on('ready', listener);
  }

  /** Only changes of the player (play, pause, song) or the playlist. */
  onPlayerOrPlaylistChange(listener: () => void): void {
    this.on('changed', (subsystems: string[]) => {
      if (subsystems.includes('player') || subsystems.includes('playlist')) listener();
    });
  }

  /** Runs `work` with no other exclusive work on this MPD in between (one at a time, in call order). */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.lane.runExclusive(work);
  }

  status(): Promise<Status> {
    return this.command((mpd) => mpd.status.status());
  }

  /** The song MPD is on (playing, paused or stopped on it), if any. */
  async currentSong(): Promise<PlaylistItem | undefined> {
    return this.command(async (mpd) => {
      const status = await mpd.status.status();
      // mpc-js types currentSong() as always present; with no current song it resolves undefined.
      return status.song === undefined ? undefined : mpd.status.currentSong();
    });
  }

  play(): Promise<void> {
    return this.command((mpd) => mpd.playback.play());
  }

  pause(): Promise<void> {
    return this.command((mpd) => mpd.playback.pause(true));
  }

  resume(): Promise<void> {
    return this.command((mpd) => mpd.playback.pause(false));
  }

  stopPlayback(): Promise<void> {
    return this.command((mpd) => mpd.playback.stop());
  }

  next(): Promise<void> {
    return this.command((mpd) => mpd.playback.next());
  }

  /** Makes the song at `position` current, from its start, without changing play/pause. */
  moveTo(position: number): Promise<void> {
    return this.command((mpd) => mpd.playback.seek(position, 0));
  }

  setModes(modes: PlaybackModes): Promise<void> {
    return this.command(async (mpd) => {
      await mpd.playbackOptions.setConsume(modes.consume);
      await mpd.playbackOptions.setRepeat(modes.repeat);
      await mpd.playbackOptions.setRandom(modes.random);
    });
  }

  /**
   * Scans `path` (the whole music dir without one) and resolves once MPD finished that job.
   * Throws UNAVAILABLE when it takes longer than `UPDATE_TIMEOUT_MS`.
   */
  async updateDatabase(path?: string): Promise<void> {
    const job = await this.command((mpd) => mpd.database.update(path));
    const deadline = Date.now() + UPDATE_TIMEOUT_MS;
    for (;;) {
      const { updating } = await this.status();
      // Jobs run in order: a lower id still running means ours waits behind it.
      if (updating === undefined || updating > job) return;
      if (Date.now() >= deadline) {
        throw rpcError(
          'UNAVAILABLE',
          `the ${this.endpoint.name} MPD did not finish scanning ${path ?? 'its music dir'} within ${UPDATE_TIMEOUT_MS / 1000} s`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, UPDATE_POLL_MS));
    }
  }

  /** Songs in the database under `path` (all without one); none when MPD does not know the path. */
  songs(path?: string): Promise<Song[]> {
    return this.command(async (mpd) => {
      const entries: DirectoryEntry[] = await mpd.database.listAllInfo(path).catch((error: Partial<MPDError>) => {
        if (error.errorCode === ACK_NO_EXIST) return [];
        throw error;
      });
      return entries.filter((entry): entry is Song => entry.entryType === 'song');
    });
  }

  /** The song in the database at exactly `file`. */
  async song(file: string): Promise<Song | undefined> {
    return (await this.songs(file)).find((song) => song.path === file);
  }

  playlist(): Promise<PlaylistItem[]> {
    return this.command((mpd) => mpd.currentPlaylist.playlistInfo());
  }

  /** Playlist entries of `file`. */
  entriesOf(file: string): Promise<PlaylistItem[]> {
    return this.command((mpd) => mpd.currentPlaylist.playlistFind('file', file));
  }

  append(file: string): Promise<void> {
    return this.command((mpd) => mpd.currentPlaylist.add(file));
  }

  /** Inserts `file` at `position` and returns its entry (with the tags MPD read). */
  insert(file: string, position: number): Promise<PlaylistItem> {
    return this.command(async (mpd) => mpd.currentPlaylist.playlistId(await mpd.currentPlaylist.addId(file, position)));
  }

  removeEntry(id: number): Promise<void> {
    return this.command((mpd) => mpd.currentPlaylist.deleteId(id));
  }

  async removeEntries(items: PlaylistItem[]): Promise<void> {
    for (const item of items) if (item.id !== undefined) await this.removeEntry(item.id);
  }

  /**
   * Raw protocol for an outsider acting like `mpc` (tests, tools). Services use the methods above.
   */
  raw<T>(work: (mpd: MPC) => Promise<T>): Promise<T> {
    return this.command(work);
  }

  private async command<T>(work: (mpd: MPC) => Promise<T>): Promise<T> {
    const client = this.client;
    if (!client) throw this.unavailable();
    try {
      return await work(client);
    } catch (error) {
      if (error instanceof RpcException) throw error;
      if (this.client === client) throw isMpdAck(error) ? new MpdAckError(error) : error;
      throw this.unavailable();
    }
  }

  private unavailable(): RpcException {
    return rpcError('UNAVAILABLE', `the ${this.endpoint.name} MPD is not connected: ${this.lastError}`);
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

/** MPD refused a command. mpc-js rejects with a plain object: this says what MPD said. */
export class MpdAckError extends Error {
  constructor(readonly ack: MPDError) {
    super(`MPD refused a command: ${ack.errorMessage} (ACK ${ack.errorCode})`);
    this.name = 'MpdAckError';
  }
}

function isMpdAck(error: unknown): error is MPDError {
  return typeof error === 'object' && error !== null && 'errorCode' in error && 'errorMessage' in error;
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
