import { Module } from '@nestjs/common';

import { LivestreamGatewayModule } from '../livestream/livestream.module';
import { NowPlayingModule } from '../now-playing/now-playing.module';
import { InternalController } from './internal.controller';

@Module({ imports: [NowPlayingModule, LivestreamGatewayModule], controllers: [InternalController] })
export class InternalModule {}
