import { StationConfigModule } from '@h4k/config';
import { RpcErrorFilter } from '@h4k/contracts';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { HealthController } from './health/health.controller';
import { LiquidsoapTelnet } from './liquidsoap/liquidsoap-telnet';

@Module({
  imports: [StationConfigModule],
  controllers: [HealthController],
  providers: [{ provide: APP_FILTER, useClass: RpcErrorFilter }, LiquidsoapTelnet],
})
export class LivestreamModule {}
