import { PATTERNS, type Playlist, type PlaylistContents, type PlaylistRemove, RpcHandler } from '@h4k/contracts';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { AdminQueueService } from './admin-queue.service';

@Controller()
export class AdminQueueController {
  constructor(private readonly queue: AdminQueueService) {}

  @RpcHandler(PATTERNS.queue.playlistList)
  list(@Payload() request: { playlist: Playlist }): Promise<PlaylistContents> {
    return this.queue.list(request.playlist);
  }

  @RpcHandler(PATTERNS.queue.playlistRemove)
  remove(@Payload() request: PlaylistRemove): Promise<{ removed: true }> {
    return this.queue.remove(request.playlist, request.id);
  }

  @RpcHandler(PATTERNS.queue.playlistClear)
  clear(@Payload() request: { playlist: Playlist }): Promise<{ removed: number }> {
    return this.queue.clear(request.playlist);
  }
}
