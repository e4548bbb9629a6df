import { ContractPayloadPipe, PATTERNS, pingOf, type ServiceHealth, type ServicePing } from '@h4k/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LiquidsoapTelnet } from '../liquidsoap/liquidsoap-telnet';

@Controller()
export class HealthController {
  constructor(private readonly liquidsoap: LiquidsoapTelnet) {}

  @MessagePattern(PATTERNS.livestreamPing)
  ping(@Payload(new ContractPayloadPipe(PATTERNS.livestreamPing)) _payload: object): ServicePing {
    return pingOf('livestream');
  }

  @MessagePattern(PATTERNS.livestreamHealth)
  async health(
    @Payload(new ContractPayloadPipe(PATTERNS.livestreamHealth))
    _payload: object,
  ): Promise<ServiceHealth> {
    try {
      const uptime = await this.liquidsoap.command('uptime', 1500);
      return {
        service: 'livestream',
        dependencies: [{ name: 'liquidsoap', up: true, detail: `uptime ${uptime}` }],
      };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return {
        service: 'livestream',
        dependencies: [{ name: 'liquidsoap', up: false, detail }],
      };
    }
  }
}
