import { type GatewayEnv, redisConnection, STATION_ENV } from '@h4k/config';
import { DOWNLOAD_QUEUE } from '@h4k/contracts';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';

import { UserOrAdminGuard, UserTokenGuard } from '../auth/user-token.guard';
import { DiskModule } from '../disk/disk.module';
import { RIDE_OUT_REDIS_RESTART } from '../redis/redis.module';
import { AddRequests } from './add-requests';
import { ListenerSongsService } from './listener-songs.service';
import { QueueController } from './queue.controller';
import { SongEventStreams } from './song-event-streams';
import { SubmissionsService } from './submissions.service';

/**
 * /queue: songs from listeners (and, through admin-queue/ and library/, admins), accepted here,
 * downloaded by the downloader, queued by the queue service.
 */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [STATION_ENV],
      useFactory: (env: GatewayEnv) => ({
        connection: { ...redisConnection(env), ...RIDE_OUT_REDIS_RESTART },
      }),
    }),
    BullModule.registerQueue({ name: DOWNLOAD_QUEUE }),
    DiskModule,
  ],
  controllers: [QueueController],
  providers: [
    SubmissionsService,
    ListenerSongsService,
    SongEventStreams,
    AddRequests,
    UserTokenGuard,
    UserOrAdminGuard,
  ],
  exports: [SubmissionsService],
})
export class SubmissionsModule {}
