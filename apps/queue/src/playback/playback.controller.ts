import {
  ContractPayloadPipe,
  PATTERNS,
  type PlaybackState,
  type QueuePlayback,
  type QueuePlaybackState,
} from '@h4k/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PlaybackService } from './playback.service';

@Controller()
export class PlaybackController {
  constructor(private readonly playback: PlaybackService) {}

  @MessagePattern(PATTERNS.queue.playback)
  control(@Payload(new ContractPayloadPipe(PATTERNS.queue.playback)) request: QueuePlayback): Promise<PlaybackState> {
    return this.playback.control(request.playlist, request.action);
  }

  @MessagePattern(PATTERNS.queue.playbackState)
  current(
    @Payload(new ContractPayloadPipe(PATTERNS.queue.playbackState)) request: QueuePlaybackState,
  ): Promise<PlaybackState> {
    return this.playback.current(request.playlist);
  }

  @MessagePattern(PATTERNS.queue.setupAutoplay)
  setupAutoplay(
    @Payload(new ContractPayloadPipe(PATTERNS.queue.setupAutoplay)) _payload: object,
  ): Promise<PlaybackState> {
    return this.playback.setupAutoplay();
  }

  /** Called by the gateway from the harbor's connect callback. */
  @MessagePattern(PATTERNS.queue.liveStarted)
  liveStarted(@Payload(new ContractPayloadPipe(PATTERNS.queue.liveStarted)) _payload: object): Promise<PlaybackState> {
    return this.playback.setLive(true);
  }

  /** Called by the gateway from the harbor's disconnect callback (which may fire several times). */
  @MessagePattern(PATTERNS.queue.liveEnded)
  liveEnded(@Payload(new ContractPayloadPipe(PATTERNS.queue.liveEnded)) _payload: object): Promise<PlaybackState> {
    return this.playback.setLive(false);
  }
}
