import {
  type OwnerSongs,
  PATTERNS,
  type QueueClaimSource,
  type QueueList,
  type QueueOwnerSongs,
  type QueueRelease,
  type QueueRemove,
  type QueueReservation,
  type QueueReserve,
  RpcHandler,
} from '@h4k/contracts';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { UserSongsService } from './user-songs.service';

@Controller()
export class UserSongsController {
  constructor(private readonly songs: UserSongsService) {}

  /** Called by the gateway before a download starts. */
  @RpcHandler(PATTERNS.queue.reserve)
  reserve(@Payload() request: QueueReserve): Promise<QueueReservation> {
    return this.songs.reserve(request);
  }

  /** Called when a download failed or was cancelled. */
  @RpcHandler(PATTERNS.queue.release)
  release(@Payload() request: QueueRelease): Promise<{ released: boolean }> {
    return this.songs.release(request.id);
  }

  /** Called by the gateway once an upload reserved before its body arrived is vetted. */
  @RpcHandler(PATTERNS.queue.claimSource)
  claimSource(@Payload() request: QueueClaimSource): Promise<{ claimed: true }> {
    return this.songs.claimSource(request.id, request.sourceKey);
  }

  @RpcHandler(PATTERNS.queue.list)
  list(@Payload() _payload: object): QueueList {
    return this.songs.list();
  }

  @RpcHandler(PATTERNS.queue.remove)
  remove(@Payload() request: QueueRemove): Promise<{ removed: true }> {
    return this.songs.remove(request);
  }

  @RpcHandler(PATTERNS.queue.ownerSongs)
  ownerSongs(@Payload() request: QueueOwnerSongs): Promise<OwnerSongs> {
    return this.songs.ownerSongs(request.owner);
  }
}
