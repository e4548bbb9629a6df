import { PATTERNS, RpcHandler, type ServiceHealth } from '@h4k/contracts';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { MediaTools } from '../tools/media-tools';

@Controller()
export class HealthController {
  constructor(private readonly tools: MediaTools) {}

  @RpcHandler(PATTERNS.downloader.health)
  async health(
    @Payload()
    _payload: object,
  ): Promise<ServiceHealth> {
    return { service: 'downloader', dependencies: await this.tools.probeAll() };
  }
}
