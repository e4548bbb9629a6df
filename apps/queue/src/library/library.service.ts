import { stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

import {
  type LibraryList,
  type LibraryPage,
  type LibrarySong,
  type LibraryTags,
  type PlaylistContents,
  rpcError,
} from '@h4k/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { FallbackPlaylistService } from '../fallback/fallback-playlist.service';
import { Mpds } from '../mpd/mpd.module';
import type { MpdClient, Song } from '../mpd/mpd-client';
import { shownArtist, shownTitle } from '../mpd/song-tags';
import { FALLBACK_MUSIC_DIR } from './fallback-music-dir';
import { fileOfLibraryId, libraryIdOf } from './library-id';
import { TagWriter } from './tag-writer';

/**
 * The fallback library: the songs of the fallback music dir, as the fallback MPD's database knows
 * them, and the fallback playlist that loops them. Every change scans only the path it touched
 * (never the whole dir) and runs one at a time; the fallback keeper then brings the player back in
 * step, so removing the song on air moves on to another one instead of stopping.
 */
@Injectable()
export class LibraryService {
  private readonly logger = new Logger(LibraryService.name);

  constructor(
    private readonly mpds: Mpds,
    private readonly fallback: FallbackPlaylistService,
    private readonly tags: TagWriter,
    @Inject(FALLBACK_MUSIC_DIR) private readonly musicDir: string,
  ) {}

  async added(file: string): Promise<LibrarySong> {
    const song = await this.serially(async () => {
      if (!(await isFile(join(this.musicDir, file)))) {
        throw rpcError('NOT_FOUND', `no file ${file} in the fallback music dir`);
      }
      const mpd = this.mpd;
      await mpd.updateDatabase(file);
      const found = await mpd.song(file);
      if (!found) throw rpcError('BAD_REQUEST', `the fallback MPD cannot read ${file}`);
      if ((await mpd.entriesOf(file)).length === 0) {
        await mpd.append(file);
        this.logger.log(`${file} joined the fallback playlist`);
      }
      return librarySongOf(found);
    });
    await this.fallback.keepInStep();
    return song;
  }

  /** Straight from MPD's database: fine for an admin page, not for anything listeners poll. */
  async list({ page, pageSize, search }: LibraryList): Promise<LibraryPage> {
    const songs = (await this.mpd.songs()).map(librarySongOf);
    const needle = search?.toLocaleLowerCase();
    const matching = needle
      ? songs.filter((song) =>
          [song.title, song.artist ?? '', song.file].some((text) => text.toLocaleLowerCase().includes(needle)),
        )
      : songs;
    matching.sort((a, b) => byText(a.title, b.title) || byText(a.file, b.file));
    const from = (page - 1) * pageSize;
    return { songs: matching.slice(from, from + pageSize), total: matching.length, page, pageSize };
  }

  async remove(id: string): Promise<{ removed: true }> {
    const file = this.fileOf(id);
    await this.serially(async () => {
      const path = join(this.musicDir, file);
      const onDisk = await isFile(path);
      const mpd = this.mpd;
      const queued = await mpd.entriesOf(file);
      if (!onDisk && queued.length === 0 && !(await mpd.song(file))) {
        throw rpcError('NOT_FOUND', 'no such song in the library');
      }
      // Out of the playlist first: MPD moves on from the song on air before its file goes.
      await mpd.removeEntries(queued);
      await unlink(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      await mpd.updateDatabase(file);
      this.logger.log(`${file} deleted from the library`);
    });
    await this.fallback.keepInStep();
    return { removed: true };
  }

  async retag(id: string, tags: LibraryTags): Promise<LibrarySong> {
    const file = this.fileOf(id);
    return this.serially(async () => {
      const path = join(this.musicDir, file);
      if (!(await isFile(path))) throw rpcError('NOT_FOUND', 'no such song in the library');
      await this.tags.write(path, { title: tags.title, artist: tags.artist });
      await this.mpd.updateDatabase(file);
      const song = await this.mpd.song(file);
      if (!song) throw rpcError('BAD_REQUEST', `the fallback MPD cannot read ${file} after retagging`);
      return librarySongOf(song);
    });
  }

  /** The fallback playlist, each entry named by its library id. */
  async playlist(): Promise<PlaylistContents> {
    const { songId } = await this.mpd.status();
    const items = await this.mpd.playlist();
    return {
      playlist: 'fallback',
      songs: items.map((item, index) => ({
        id: libraryIdOf(item.path ?? ''),
        position: item.position ?? index,
        title: shownTitle(item.title, item.path),
        artist: shownArtist(item.artist),
        durationSeconds: item.duration ?? null,
        file: item.path ?? '',
        submitter: null,
        current: item.id !== undefined && item.id === songId,
      })),
    };
  }

  /**
   * Takes a song out of the fallback playlist, its file kept (until the next full reload of the
   * dir: setup-autoplay or an MPD restart). Refused for the last song: the fallback never empties.
   */
  async unqueue(id: string): Promise<{ removed: true }> {
    const file = this.fileOf(id);
    await this.serially(async () => {
      const queued = await this.mpd.entriesOf(file);
      if (queued.length === 0) throw rpcError('NOT_FOUND', 'no such song in the fallback playlist');
      const { playlistLength } = await this.mpd.status();
      if (queued.length >= (playlistLength ?? 0)) {
        throw rpcError('CONFLICT', 'the last song of the fallback playlist stays: delete it from the library instead');
      }
      await this.mpd.removeEntries(queued);
    });
    await this.fallback.keepInStep();
    return { removed: true };
  }

  private fileOf(id: string): string {
    const file = fileOfLibraryId(id);
    if (file === undefined) throw rpcError('NOT_FOUND', 'no such song in the library');
    return file;
  }

  private get mpd(): MpdClient {
    return this.mpds.fallback;
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    return this.mpds.fallback.exclusive(work);
  }
}

function librarySongOf(song: Song): LibrarySong {
  return {
    id: libraryIdOf(song.path),
    file: song.path,
    title: shownTitle(song.title, song.path),
    artist: shownArtist(song.artist),
    durationSeconds: song.duration ?? null,
  };
}

function byText(a: string, b: string): number {
  return a.localeCompare(b, undefined, { sensitivity: 'base' });
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}
