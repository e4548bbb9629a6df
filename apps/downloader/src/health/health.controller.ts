import { ContractPayloadPipe, PATTERNS, type ServiceHealth } from '@h4k/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { MediaTools } from '../tools/media-tools';

@Controller()
export class HealthController {
  constructor(private readonly tools: MediaTools) {}

  @MessagePattern(PATTERNS.downloader.health)
  async health(
    @Payload(new ContractPayloadPipe(PATTERNS.downloader.health))
    _payload: object,
  ): Promise<ServiceHealth> {
    return { service: 'downloader', dependencies: await this.tools.probeAll() };
  }
}
