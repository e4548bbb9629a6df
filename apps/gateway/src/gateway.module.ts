import { GatewayConfigModule } from '@h4k/config';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ZodValidationPipe } from 'nestjs-zod';

import { AdminQueueModule } from './admin-queue/admin-queue.module';
import { DjModule } from './dj/dj.module';
import { HttpErrorFilter } from './errors/http-error.filter';
import { HealthModule } from './health/health.module';
import { HistoryModule } from './history/history.module';
import { InternalModule } from './internal/internal.module';
import { LibraryModule } from './library/library.module';
import { RateLimitsModule } from './limits/rate-limits.module';
import { LivestreamGatewayModule } from './livestream/livestream.module';
import { MetricsModule } from './metrics/metrics.module';
import { NowPlayingModule } from './now-playing/now-playing.module';
import { StationOverviewModule } from './overview/station-overview.module';
import { PlaybackModule } from './playback/playback.module';
import { SubmissionsModule } from './queue/submissions.module';
import { RecordingsModule } from './recordings/recordings.module';
import { RedisModule } from './redis/redis.module';
import { ServicesModule } from './rpc/services.module';
import { TokensModule } from './tokens/tokens.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({
  imports: [
    GatewayConfigModule,
    RedisModule,
    RateLimitsModule,
    ServicesModule,
    TokensModule,
    HealthModule,
    NowPlayingModule,
    LivestreamGatewayModule,
    PlaybackModule,
    LibraryModule,
    AdminQueueModule,
    SubmissionsModule,
    InternalModule,
    MetricsModule,
    DjModule,
    StationOverviewModule,
    WebhooksModule,
    HistoryModule,
    RecordingsModule,
  ],
  providers: [
    { provide: APP_PIPE, useClass: ZodValidationPipe },
    { provide: APP_FILTER, useClass: HttpErrorFilter },
  ],
})
export class GatewayModule {}
