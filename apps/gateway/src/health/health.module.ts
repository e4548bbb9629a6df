import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { NowPlayingModule } from '../now-playing/now-playing.module';
import { DependencyProbes } from './dependency-probes';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), NowPlayingModule],
  controllers: [HealthController],
  providers: [DependencyProbes],
})
export class HealthModule {}
