import { PATTERNS, type PlaybackState, type QueuePlayback, type QueuePlaybackState, RpcHandler } from '@h4k/contracts';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { PlaybackService } from './playback.service';

@Controller()
export class PlaybackController {
  constructor(private readonly playback: PlaybackService) {}

  @RpcHandler(PATTERNS.queue.playback)
  control(@Payload() request: QueuePlayback): Promise<PlaybackState> {
    return this.playback.control(request.playlist, request.action);
  }

  @RpcHandler(PATTERNS.queue.playbackState)
  current(@Payload() request: QueuePlaybackState): Promise<PlaybackState> {
    return this.playback.current(request.playlist);
  }

  @RpcHandler(PATTERNS.queue.setupAutoplay)
  setupAutoplay(@Payload() _payload: object): Promise<PlaybackState> {
    return this.playback.setupAutoplay();
  }

  /** Called by the gateway from the harbor's connect callback. */
  @RpcHandler(PATTERNS.queue.liveStarted)
  liveStarted(@Payload() _payload: object): Promise<PlaybackState> {
    return this.playback.setLive(true);
  }

  /** Called by the gateway from the harbor's disconnect callback (which may fire several times). */
  @RpcHandler(PATTERNS.queue.liveEnded)
  liveEnded(@Payload() _payload: object): Promise<PlaybackState> {
    return this.playback.setLive(false);
  }
}
