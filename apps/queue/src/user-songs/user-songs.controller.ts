import {
  ContractPayloadPipe,
  PATTERNS,
  type QueueList,
  type QueueClaimSource,
  type QueueRelease,
  type QueueRemove,
  type QueueReservation,
  type QueueReserve,
  type OwnerSongs,
  type QueueOwnerSongs,
} from '@h4k/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { UserSongsService } from './user-songs.service';

@Controller()
export class UserSongsController {
  constructor(private readonly songs: UserSongsService) {}

  /** Called by the gateway before a download starts. */
  @MessagePattern(PATTERNS.queue.reserve)
  reserve(@Payload(new ContractPayloadPipe(PATTERNS.queue.reserve)) request: QueueReserve): Promise<QueueReservation> {
    return this.songs.reserve(request);
  }

  /** Called when a download failed or was cancelled. */
  @MessagePattern(PATTERNS.queue.release)
  release(
    @Payload(new ContractPayloadPipe(PATTERNS.queue.release)) request: QueueRelease,
  ): Promise<{ released: boolean }> {
    return this.songs.release(request.id);
  }

  /** Called by the gateway once an upload reserved before its body arrived is vetted. */
  @MessagePattern(PATTERNS.queue.claimSource)
  claimSource(
    @Payload(new ContractPayloadPipe(PATTERNS.queue.claimSource)) request: QueueClaimSource,
  ): Promise<{ claimed: true }> {
    return this.songs.claimSource(request.id, request.sourceKey);
  }

  @MessagePattern(PATTERNS.queue.list)
  list(@Payload(new ContractPayloadPipe(PATTERNS.queue.list)) _payload: object): QueueList {
    return this.songs.list();
  }

  @MessagePattern(PATTERNS.queue.remove)
  remove(@Payload(new ContractPayloadPipe(PATTERNS.queue.remove)) request: QueueRemove): Promise<{ removed: true }> {
    return this.songs.remove(request);
  }

  @MessagePattern(PATTERNS.queue.ownerSongs)
  ownerSongs(
    @Payload(new ContractPayloadPipe(PATTERNS.queue.ownerSongs)) request: QueueOwnerSongs,
  ): Promise<OwnerSongs> {
    return this.songs.ownerSongs(request.owner);
  }
}
