import { type DownloaderEnv, STATION_ENV } from '@h4k/config';
import { systemResolveAll } from '@h4k/egress-policy';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { EgressProxy, type EgressSession } from './egress-proxy';

/**
 * The one door out for whatever is fetched on a listener's behalf: owns the egress proxy for the
 * life of the process and hands each job a session of its own.
 */
@Injectable()
export class EgressGuard implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(EgressGuard.name);
  private readonly proxy: EgressProxy;

  constructor(@Inject(STATION_ENV) env: DownloaderEnv) {
    this.proxy = new EgressProxy(
      { allowedHosts: env.DOWNLOAD_ALLOWED_HOSTS, resolveAll: systemResolveAll },
      (label, detail) => this.logger.warn(`${label}: egress refused ${detail}`),
    );
  }

  async onModuleInit(): Promise<void> {
    await this.proxy.listen();
  }

  async onModuleDestroy(): Promise<void> {
    await this.proxy.close();
  }

  /** `label` names the job in the log. Close the session when the job no longer fetches. */
  openSession(label: string): EgressSession {
    return this.proxy.openSession(label);
  }
}
