import { StationConfigModule } from '@h4k/config';
import { RpcErrorFilter } from '@h4k/contracts';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { FallbackPlaylistService } from './fallback/fallback-playlist.service';
import { HealthController } from './health/health.controller';
import { MpdModule } from './mpd/mpd.module';
import { UserQueueService } from './user-queue/user-queue.service';

@Module({
  imports: [StationConfigModule, MpdModule],
  controllers: [HealthController],
  providers: [{ provide: APP_FILTER, useClass: RpcErrorFilter }, FallbackPlaylistService, UserQueueService],
})
export class QueueModule {}
