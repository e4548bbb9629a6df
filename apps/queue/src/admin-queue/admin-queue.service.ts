import { ADMIN_OWNER, type Playlist, type PlaylistContents, rpcError } from '@h4k/contracts';
import { Injectable } from '@nestjs/common';

import { Handovers } from '../handover/handovers';
import { LibraryService } from '../library/library.service';
import { Mpds } from '../mpd/mpd.module';
import { shownArtist, shownTitle } from '../mpd/song-tags';
import { type ReadySong, SongStore } from '../user-songs/song-store';
import { submitterLabel, UserSongsService } from '../user-songs/user-songs.service';

const HAND_ADDED = /^mpd:(\d+)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The admin's view of either playlist. Each change goes through the playlist's owner: the user
 * songs service (files deleted, slots freed, submitters told) or the library (the fallback).
 */
@Injectable()
export class AdminQueueService {
  constructor(
    private readonly mpds: Mpds,
    private readonly store: SongStore,
    private readonly userSongs: UserSongsService,
    private readonly library: LibraryService,
    private readonly handovers: Handovers,
  ) {}

  list(playlist: Playlist): Promise<PlaylistContents> {
    return playlist === 'user' ? this.userPlaylist() : this.library.playlist();
  }

  async remove(playlist: Playlist, id: string): Promise<{ removed: true }> {
    if (playlist === 'fallback') return this.library.unqueue(id);
    const handAdded = HAND_ADDED.exec(id);
    if (handAdded) {
      if (!(await this.userSongs.removeEntry(Number(handAdded[1])))) {
        throw rpcError('NOT_FOUND', 'no such entry in the user queue');
      }
      return { removed: true };
    }
    if (!UUID.test(id)) throw rpcError('NOT_FOUND', 'no such song in the user queue');
    return this.userSongs.remove({ id });
  }

  /** Every listener's song (downloading ones too) and every hand-added entry leaves the user queue. */
  async clear(playlist: Playlist): Promise<{ removed: number }> {
    if (playlist === 'fallback') {
      throw rpcError('BAD_REQUEST', 'the fallback playlist is never cleared: remove its songs one by one');
    }
    // The queue on air stops: Liquidsoap hands over first, while the song still plays.
    if ((await this.mpds.user.status()).state === 'play') await this.handovers.release('user');
    let removed = 0;
    for (const song of await this.store.all()) {
      // One at a time through the usual removal; a song that left meanwhile (played, released) is skipped.
      const gone = await this.userSongs.remove({ id: song.id }).catch((error: unknown) => {
        if (isNotFound(error)) return undefined;
        throw error;
      });
      if (gone) removed++;
    }
    const known = new Set((await this.readySongs()).keys());
    const items = await this.mpds.user.playlist();
    for (const item of items) {
      if (item.id === undefined || known.has(item.path ?? '')) continue;
      if (await this.userSongs.removeEntry(item.id)) removed++;
    }
    return { removed };
  }

  private async userPlaylist(): Promise<PlaylistContents> {
    const songs = await this.readySongs();
    const { songId } = await this.mpds.user.status();
    const items = await this.mpds.user.playlist();
    return {
      playlist: 'user',
      songs: items.map((item, index) => {
        const file = item.path ?? '';
        const song = songs.get(file);
        return {
          id: song?.id ?? `mpd:${item.id ?? ''}`,
          position: item.position ?? index,
          title: song?.title ?? shownTitle(item.title, file),
          artist: song ? song.artist : shownArtist(item.artist),
          durationSeconds: song?.durationSeconds ?? item.duration ?? null,
          file,
          submitter: song ? submitterOf(song.owner) : null,
          current: item.id !== undefined && item.id === songId,
        };
      }),
    };
  }

  private async readySongs(): Promise<Map<string, ReadySong>> {
    const byFile = new Map<string, ReadySong>();
    for (const song of await this.store.all()) if (song.status === 'ready') byFile.set(song.file, song);
    return byFile;
  }
}

/** As listeners see it in `queue.list`. */
function submitterOf(owner: string): string {
  return owner.startsWith(ADMIN_OWNER) ? 'the station' : submitterLabel(owner);
}

function isNotFound(error: unknown): boolean {
  const payload = (error as { getError?: () => unknown }).getError?.();
  return typeof payload === 'object' && payload !== null && (payload as { code?: unknown }).code === 'NOT_FOUND';
}
