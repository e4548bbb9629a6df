import {
  ContractPayloadPipe,
  PATTERNS,
  type PlaylistContents,
  type Playlist,
  type PlaylistRemove,
} from '@h4k/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AdminQueueService } from './admin-queue.service';

@Controller()
export class AdminQueueController {
  constructor(private readonly queue: AdminQueueService) {}

  @MessagePattern(PATTERNS.queue.playlistList)
  list(
    @Payload(new ContractPayloadPipe(PATTERNS.queue.playlistList)) request: { playlist: Playlist },
  ): Promise<PlaylistContents> {
    return this.queue.list(request.playlist);
  }

  @MessagePattern(PATTERNS.queue.playlistRemove)
  remove(
    @Payload(new ContractPayloadPipe(PATTERNS.queue.playlistRemove)) request: PlaylistRemove,
  ): Promise<{ removed: true }> {
    return this.queue.remove(request.playlist, request.id);
  }

  @MessagePattern(PATTERNS.queue.playlistClear)
  clear(
    @Payload(new ContractPayloadPipe(PATTERNS.queue.playlistClear)) request: { playlist: Playlist },
  ): Promise<{ removed: number }> {
    return this.queue.clear(request.playlist);
  }
}
