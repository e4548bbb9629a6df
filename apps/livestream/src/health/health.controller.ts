import { PATTERNS, RpcHandler, type ServiceHealth } from '@h4k/contracts';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { LiquidsoapTelnet } from '../liquidsoap/liquidsoap-telnet';

@Controller()
export class HealthController {
  constructor(private readonly liquidsoap: LiquidsoapTelnet) {}

  @RpcHandler(PATTERNS.livestream.health)
  async health(
    @Payload()
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
