import { DOWNLOAD_QUEUE } from '@h4k/contracts';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';

import { StationOverviewController } from './station-overview.controller';
import { StationOverviewService } from './station-overview.service';

/** The admin dashboard's readings (its other cards use the now-playing, health and livestream routes). */
@Module({
  imports: [BullModule.registerQueue({ name: DOWNLOAD_QUEUE })],
  controllers: [StationOverviewController],
  providers: [StationOverviewService],
})
export class StationOverviewModule {}
