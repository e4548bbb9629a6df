import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { DependencyProbes } from './dependency-probes';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly probes: DependencyProbes,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({
    summary: 'Each dependency up or down: 200 when all are up, 503 otherwise',
  })
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.probes.redisUp(),
      () => this.probes.service('queue'),
      () => this.probes.service('downloader'),
      () => this.probes.service('livestream'),
      () => this.probes.icecast(),
      () => this.probes.onAir(),
    ]);
  }
}
