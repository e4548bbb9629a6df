import { Module } from '@nestjs/common';

import { AdminTokenGuard } from '../auth/static-token.guards';
import { NowPlayingModule } from '../now-playing/now-playing.module';
import { DownloadMetrics } from './download-metrics';
import { LoopbackOrAdminGuard } from './loopback-or-admin.guard';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics-registry';
import { OnAirMetrics } from './on-air-metrics';
import { StationReadings } from './station-readings';

/** GET /metrics: the station's state in Prometheus's text format, for loopback or the admin token. */
@Module({
  imports: [NowPlayingModule],
  controllers: [MetricsController],
  providers: [MetricsRegistry, OnAirMetrics, DownloadMetrics, StationReadings, AdminTokenGuard, LoopbackOrAdminGuard],
})
export class MetricsModule {}
