import { Module } from '@nestjs/common';

import { NowPlayingModule } from '../now-playing/now-playing.module';
import { HistoryController } from './history.controller';
import { HistoryService } from './history.service';

@Module({ imports: [NowPlayingModule], controllers: [HistoryController], providers: [HistoryService] })
export class HistoryModule {}
