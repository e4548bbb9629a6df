import { PATTERNS, type SongProgress } from '@h4k/contracts';
import { Injectable, Logger, NotFoundException } from '@nestjs/common';

import type { Caller } from '../auth/user-token.guard';
import { Services } from '../rpc/services.module';
import type { UserClaims } from '../tokens/token-claims';
import { SongEventStreams } from './song-event-streams';
import type { MySongs } from './submissions.dto';

/** Reading and deleting submitted songs. */
@Injectable()
export class ListenerSongsService {
  private readonly logger = new Logger(ListenerSongsService.name);

  constructor(
    private readonly services: Services,
    private readonly streams: SongEventStreams,
  ) {}

  async status(id: string): Promise<SongProgress> {
    const status = await this.streams.status(id);
    if (!status) throw new NotFoundException(`no song ${id} (unknown, or finished more than a day ago)`);
    return status;
  }

  async mine(claims: UserClaims): Promise<MySongs> {
    const { used, songs } = await this.services.send(PATTERNS.queue.ownerSongs, { owner: claims.sub });
    const detailed = await Promise.all(
      songs.map(async (song) => ({
        ...((await this.streams.status(song.id)) ?? {
          id: song.id,
          status: song.state === 'queued' ? ('queued' as const) : ('downloading' as const),
        }),
        title: song.title,
      })),
    );
    return { limit: claims.max_queue_songs, used, songs: detailed };
  }

  /** The queue forgets it (owner checked there) and frees its slot; a download still running is cancelled. */
  async remove(id: string, caller: Caller): Promise<{ removed: true }> {
    await this.services.send(
      PATTERNS.queue.remove,
      caller.kind === 'admin' ? { id } : { id, owner: caller.claims.sub },
    );
    await this.services.send(PATTERNS.downloader.cancel, { id }).catch((error: unknown) => {
      // The download then finishes into nothing: the queue deletes a file nobody reserved.
      this.logger.warn(`could not cancel the download of ${id}: ${String(error)}`);
    });
    return { removed: true };
  }
}
