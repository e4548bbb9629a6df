import { Module } from '@nestjs/common';

import { NowPlayingController } from './now-playing.controller';
import { DEFAULT_LOOKUP_WAIT_MS, NOW_PLAYING_LOOKUP_WAIT_MS, NowPlayingService } from './now-playing.service';
import { DEFAULT_HEARTBEAT_MS, NOW_PLAYING_HEARTBEAT_MS, NowPlayingEvents } from './now-playing-events';
import { NowPlayingFile } from './now-playing-file';

@Module({
  controllers: [NowPlayingController],
  providers: [
    NowPlayingService,
    NowPlayingEvents,
    NowPlayingFile,
    { provide: NOW_PLAYING_HEARTBEAT_MS, useValue: DEFAULT_HEARTBEAT_MS },
    { provide: NOW_PLAYING_LOOKUP_WAIT_MS, useValue: DEFAULT_LOOKUP_WAIT_MS },
  ],
  exports: [NowPlayingService, NowPlayingEvents],
})
export class NowPlayingModule {}
