import { STATION_ENV, type StationEnv } from '@h4k/config';
import { Inject, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { MpdConnection } from './mpd-connection';

/** The two MPDs this service owns: the listeners' queue and the admin's fallback playlist. */
@Injectable()
export class Mpds implements OnModuleInit, OnApplicationShutdown {
  readonly user: MpdConnection;
  readonly fallback: MpdConnection;

  constructor(@Inject(STATION_ENV) env: StationEnv) {
    this.user = new MpdConnection({
      name: 'user',
      host: env.MPD_USER_HOST,
      port: env.MPD_USER_PORT,
    });
    this.fallback = new MpdConnection({
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
