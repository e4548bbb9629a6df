import { type DependencyHealth, PATTERNS, RpcHandler, type ServiceHealth } from '@h4k/contracts';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { Mpds } from '../mpd/mpd.module';
import type { MpdClient } from '../mpd/mpd-client';

@Controller()
export class HealthController {
  constructor(private readonly mpds: Mpds) {}

  @RpcHandler(PATTERNS.queue.health)
  async health(@Payload() _payload: object): Promise<ServiceHealth> {
    return {
      service: 'queue',
      dependencies: await Promise.all([probe('mpd-user', this.mpds.user), probe('mpd-fallback', this.mpds.fallback)]),
    };
  }
}

async function probe(name: string, mpd: MpdClient): Promise<DependencyHealth> {
  try {
    const status = await mpd.status();
    return {
      name,
      up: true,
      detail: `${status.state}, ${status.playlistLength ?? 0} queued`,
    };
  } catch (error) {
    return {
      name,
      up: false,
      detail: error instanceof Error ? error.message : String(error),
    };
  }
}
