import { GATEWAY_ENV, type GatewayEnv } from '@h4k/config';
import { Controller, Get, Inject, Req, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult, HealthCheckService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Request } from 'express';

import { bearerTokenOf, tokenMatchesAny } from '../auth/bearer-token';
import { AuthFailures } from '../limits/auth-failures';
import { clientAddressOf } from '../limits/client-address';
import { RecordingsHealth } from '../recordings/recordings.health';
import { DependencyProbes } from './dependency-probes';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly probes: DependencyProbes,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly failures: AuthFailures,
    private readonly recordings: RecordingsHealth,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({
    summary: 'Each dependency up or down: 200 when all are up, 503 otherwise',
    description:
      'Public answers carry only up/down per part; versions and error texts are for the admin token ' +
      '(`Authorization: Bearer`), so nobody learns what runs inside or how it fails.',
  })
  async check(@Req() request: Request): Promise<HealthCheckResult> {
    const token = bearerTokenOf(request);
    // A wrong token gets the public report, and counts like any refused credential (else a free oracle).
    const admin =
      token !== undefined &&
      (await this.failures.holds('api', clientAddressOf(request), () =>
        tokenMatchesAny(token, this.env.ADMIN_API_TOKEN),
      ));
    const result = await this.health
      .check([
        () => this.probes.redisUp(),
        () => this.probes.service('queue'),
        () => this.probes.service('downloader'),
        () => this.probes.service('livestream'),
        () => this.probes.icecast(),
        () => this.probes.disk(),
        () => this.probes.onAir(),
        () => this.recordings.check(),
      ])
      .catch((error: unknown) => {
        if (error instanceof ServiceUnavailableException) return error.getResponse() as HealthCheckResult;
        throw error;
      });
    const report = admin ? result : statusesOnly(result);
    if (report.status !== 'ok') throw new ServiceUnavailableException(report);
    return report;
  }
}

function statusesOnly(result: HealthCheckResult): HealthCheckResult {
  const strip = (parts: Partial<HealthIndicatorResult> | undefined): HealthIndicatorResult | undefined =>
    parts &&
    Object.fromEntries(
      Object.entries(parts).flatMap(([name, part]) => (part ? [[name, { status: part.status }]] : [])),
    );
  return {
    status: result.status,
    info: strip(result.info),
    error: strip(result.error),
    details: strip(result.details) ?? {},
  };
}
