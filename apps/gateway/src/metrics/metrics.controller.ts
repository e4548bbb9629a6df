import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Registry } from 'prom-client';

import { LoopbackOrAdminGuard } from './loopback-or-admin.guard';
import { MetricsRegistry } from './metrics-registry';

/**
 * Prometheus's text format, for scrapers: left out of the OpenAPI spec, which describes the JSON
 * API the panel's client is generated from (a text route would only add a dead client method).
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: MetricsRegistry) {}

  @Get()
  @UseGuards(LoopbackOrAdminGuard)
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
