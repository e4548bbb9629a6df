import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import ipaddr from 'ipaddr.js';

import { AdminTokenGuard, type TokenGuard } from '../auth/static-token.guards';

/**
 * Scrapers on the station's own host need no token; everyone else needs the admin token. A
 * request counts as loopback only when the socket and every X-Forwarded-For hop are loopback, so
 * a remote caller through Caddy (which adds its address) never passes, with or without Express's
 * `trust proxy`, and a forged header cannot make it pass.
 */
@Injectable()
export class LoopbackOrAdminGuard implements CanActivate {
  constructor(@Inject(AdminTokenGuard) private readonly adminToken: TokenGuard) {}

  canActivate(context: ExecutionContext): Promise<boolean> | boolean {
    return isLoopbackCaller(context.switchToHttp().getRequest<Request>()) || this.adminToken.canActivate(context);
  }
}

export function isLoopbackCaller(request: Request): boolean {
  const forwarded = [request.headers['x-forwarded-for'] ?? []].flat().flatMap((header) => header.split(','));
  return [request.socket.remoteAddress, ...forwarded].every(isLoopback);
}

function isLoopback(address: string | undefined): boolean {
  const trimmed = address?.trim() ?? '';
  return ipaddr.isValid(trimmed) && ipaddr.process(trimmed).range() === 'loopback';
}
