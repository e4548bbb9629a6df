import { Module } from '@nestjs/common';

import { PlaybackController } from './playback.controller';

@Module({ controllers: [PlaybackController] })
export class PlaybackModule {}
