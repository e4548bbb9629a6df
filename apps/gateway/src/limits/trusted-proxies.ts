import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express } from 'express';

/**
 * Trusts X-Forwarded-For only from loopback (Caddy, on the same host), so a client cannot pick the
 * address its limits count against. Set by a provider, not in main.ts, so tests get it too.
 */
@Injectable()
export class TrustLoopbackProxy implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const express = this.adapterHost.httpAdapter?.getInstance<Express | undefined>();
    express?.set('trust proxy', 'loopback');
  }
}
