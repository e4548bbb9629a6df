import { Module } from '@nestjs/common';
import { NowPlayingController } from './now-playing.controller';
import { NowPlayingService } from './now-playing.service';

@Module({
  controllers: [NowPlayingController],
  providers: [NowPlayingService],
  exports: [NowPlayingService],
})
export class NowPlayingModule {}
