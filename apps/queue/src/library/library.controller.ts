import {
  type LibraryAdded,
  type LibraryList,
  type LibraryPage,
  type LibraryRemove,
  type LibraryRetag,
  type LibrarySong,
  PATTERNS,
  RpcHandler,
} from '@h4k/contracts';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { LibraryService } from './library.service';

@Controller()
export class LibraryController {
  constructor(private readonly library: LibraryService) {}

  /** Called by the downloader when a song for the library is written. */
  @RpcHandler(PATTERNS.queue.libraryAdded)
  added(@Payload() request: LibraryAdded): Promise<LibrarySong> {
    return this.library.added(request.file);
  }

  @RpcHandler(PATTERNS.queue.libraryList)
  list(@Payload() request: LibraryList): Promise<LibraryPage> {
    return this.library.list(request);
  }

  @RpcHandler(PATTERNS.queue.libraryRemove)
  remove(@Payload() request: LibraryRemove): Promise<{ removed: true }> {
    return this.library.remove(request.id);
  }

  @RpcHandler(PATTERNS.queue.libraryRetag)
  retag(@Payload() request: LibraryRetag): Promise<LibrarySong> {
    return this.library.retag(request.id, { title: request.title, artist: request.artist });
  }
}
