import { StationConfigModule } from '@h4k/config';
import { RpcErrorFilter } from '@h4k/contracts';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { HealthController } from './health/health.controller';
import { MediaTools } from './tools/media-tools';

@Module({
  imports: [StationConfigModule],
  controllers: [HealthController],
  providers: [{ provide: APP_FILTER, useClass: RpcErrorFilter }, MediaTools],
})
export class DownloaderModule {}
