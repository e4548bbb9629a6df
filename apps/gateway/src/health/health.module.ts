import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { DiskModule } from '../disk/disk.module';
import { NowPlayingModule } from '../now-playing/now-playing.module';
import { RecordingsModule } from '../recordings/recordings.module';
import { DependencyProbes } from './dependency-probes';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), NowPlayingModule, DiskModule, RecordingsModule],
  controllers: [HealthController],
  providers: [DependencyProbes],
})
export class HealthModule {}
