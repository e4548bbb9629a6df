import { type LivestreamEnv, quietRedis, redisConnection, STATION_ENV } from '@h4k/config';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

import { type LivestreamCommands, LUA_SCRIPTS } from './scripts';

/** This service's own Redis connection (the transport's is not for data), with the Lua scripts loaded. */
@Injectable()
export class LivestreamRedis extends Redis implements OnApplicationShutdown {
  readonly scripts: LivestreamCommands;

  constructor(@Inject(STATION_ENV) env: LivestreamEnv) {
    super({ ...redisConnection(env), maxRetriesPerRequest: 1 });
    quietRedis(this, 'livestream state');
    for (const [name, definition] of Object.entries(LUA_SCRIPTS)) this.defineCommand(name, definition);
    this.scripts = this as unknown as LivestreamCommands;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.status === 'end') return;
    // QUIT lets Redis close the socket; a bare disconnect() leaves a 2 s close timer behind.
    await this.quit().catch(() => this.disconnect());
  }
}
