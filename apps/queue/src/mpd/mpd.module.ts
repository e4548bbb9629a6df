import { type QueueEnv, STATION_ENV } from '@h4k/config';
import { Inject, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';

import { MpdClient } from './mpd-client';

/** The two MPDs this service owns: the listeners' queue and the admin's fallback playlist. */
@Injectable()
export class Mpds implements OnModuleInit, OnApplicationShutdown {
  readonly user: MpdClient;
  readonly fallback: MpdClient;

  constructor(@Inject(STATION_ENV) env: QueueEnv) {
    this.user = new MpdClient({
      name: 'user',
      host: env.MPD_USER_HOST,
      port: env.MPD_USER_PORT,
    });
    this.fallback = new MpdClient({
      name: 'fallback',
      host: env.MPD_FALLBACK_HOST,
      port: env.MPD_FALLBACK_PORT,
    });
  }

  onModuleInit(): void {
    this.user.start();
    this.fallback.start();
  }

  onApplicationShutdown(): void {
    this.user.stop();
    this.fallback.stop();
  }
}

@Module({ providers: [Mpds], exports: [Mpds] })
export class MpdModule {}
