import {
  ContractPayloadPipe,
  PATTERNS,
  type LibraryAdded,
  type LibraryList,
  type LibraryPage,
  type LibraryRemove,
  type LibraryRetag,
  type LibrarySong,
} from '@h4k/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LibraryService } from './library.service';

@Controller()
export class LibraryController {
  constructor(private readonly library: LibraryService) {}

  /** Called by the downloader when a song for the library is written. */
  @MessagePattern(PATTERNS.queue.libraryAdded)
  added(@Payload(new ContractPayloadPipe(PATTERNS.queue.libraryAdded)) request: LibraryAdded): Promise<LibrarySong> {
    return this.library.added(request.file);
  }

  @MessagePattern(PATTERNS.queue.libraryList)
  list(@Payload(new ContractPayloadPipe(PATTERNS.queue.libraryList)) request: LibraryList): Promise<LibraryPage> {
    return this.library.list(request);
  }

  @MessagePattern(PATTERNS.queue.libraryRemove)
  remove(
    @Payload(new ContractPayloadPipe(PATTERNS.queue.libraryRemove)) request: LibraryRemove,
  ): Promise<{ removed: true }> {
    return this.library.remove(request.id);
  }

  @MessagePattern(PATTERNS.queue.libraryRetag)
  retag(@Payload(new ContractPayloadPipe(PATTERNS.queue.libraryRetag)) request: LibraryRetag): Promise<LibrarySong> {
    return this.library.retag(request.id, { title: request.title, artist: request.artist });
  }
}
