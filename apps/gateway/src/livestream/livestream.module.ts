import { Module } from '@nestjs/common';

import { NowPlayingModule } from '../now-playing/now-playing.module';
import { AdminLivestreamController } from './admin-livestream.controller';
import { LivestreamGatewayService } from './livestream.service';

@Module({
  imports: [NowPlayingModule],
  controllers: [AdminLivestreamController],
  providers: [LivestreamGatewayService],
  exports: [LivestreamGatewayService],
})
export class LivestreamGatewayModule {}
