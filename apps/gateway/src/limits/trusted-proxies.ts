import { type GatewayEnv, STATION_ENV } from '@h4k/config';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express } from 'express';

/**
 * Trusts X-Forwarded-For only from TRUSTED_PROXIES (by default loopback: Caddy on the same host), so
 * a client cannot pick the address its limits count against. Set by a provider, not in main.ts, so
 * tests get it too; Express refuses a malformed list here, at start.
 */
@Injectable()
export class TrustedProxies implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(STATION_ENV) private readonly env: GatewayEnv,
  ) {}

  onModuleInit(): void {
    const express = this.adapterHost.httpAdapter?.getInstance<Express | undefined>();
    express?.set('trust proxy', this.env.TRUSTED_PROXIES);
  }
}
