import { type DownloaderEnv, loadDownloaderEnv, redisConnection, ServiceConfigModule, STATION_ENV } from '@h4k/config';
import { DOWNLOAD_QUEUE, RpcErrorFilter } from '@h4k/contracts';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';

import { EgressGuard } from './egress/egress-guard';
import { YtDlp } from './fetch/yt-dlp';
import { YtdlpBinaries } from './fetch/ytdlp-binary';
import { HealthController } from './health/health.controller';
import { ActiveJobs } from './jobs/active-jobs';
import { CancelController } from './jobs/cancel.controller';
import { DownloadProcessor } from './jobs/download.processor';
import { DownloadCancellation } from './jobs/download-cancellation';
import { DownloadEvents } from './jobs/download-events';
import { SongPipeline } from './jobs/song-pipeline';
import { MediaTools } from './tools/media-tools';
import { AudioTools } from './transcode/audio-tools';
import { SongVetting } from './vetting/song-vetting';
import { VetController } from './vetting/vet.controller';

@Module({
  imports: [
    ServiceConfigModule.forRoot(loadDownloaderEnv),
    BullModule.forRootAsync({
      inject: [STATION_ENV],
      useFactory: (env: DownloaderEnv) => ({
        connection: { ...redisConnection(env), maxRetriesPerRequest: null },
      }),
    }),
    BullModule.registerQueue({ name: DOWNLOAD_QUEUE }),
  ],
  controllers: [HealthController, CancelController, VetController],
  providers: [
    { provide: APP_FILTER, useClass: RpcErrorFilter },
    MediaTools,
    EgressGuard,
    YtdlpBinaries,
    YtDlp,
    AudioTools,
    SongPipeline,
    DownloadEvents,
    ActiveJobs,
    DownloadCancellation,
    DownloadProcessor,
    SongVetting,
  ],
})
export class DownloaderModule {}
