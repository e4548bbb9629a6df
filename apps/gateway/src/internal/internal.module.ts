import { Module } from '@nestjs/common';
import { NowPlayingModule } from '../now-playing/now-playing.module';
import { InternalController } from './internal.controller';

@Module({ imports: [NowPlayingModule], controllers: [InternalController] })
export class InternalModule {}
