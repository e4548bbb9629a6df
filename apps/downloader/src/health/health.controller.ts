import { ContractPayloadPipe, PATTERNS, pingOf, type ServiceHealth, type ServicePing } from '@h4k/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { MediaTools } from '../tools/media-tools';

@Controller()
export class HealthController {
  constructor(private readonly tools: MediaTools) {}

  @MessagePattern(PATTERNS.downloaderPing)
  ping(@Payload(new ContractPayloadPipe(PATTERNS.downloaderPing)) _payload: object): ServicePing {
    return pingOf('downloader');
  }

  @MessagePattern(PATTERNS.downloaderHealth)
  async health(
    @Payload(new ContractPayloadPipe(PATTERNS.downloaderHealth))
    _payload: object,
  ): Promise<ServiceHealth> {
    return { service: 'downloader', dependencies: await this.tools.probeAll() };
  }
}
