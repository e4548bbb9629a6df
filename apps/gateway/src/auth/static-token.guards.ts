import { GATEWAY_ENV, type GatewayEnv } from '@h4k/config';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  mixin,
  type Type,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';

import { AuthFailures, type AuthScope } from '../limits/auth-failures';
import { clientAddressOf } from '../limits/client-address';
import { bearerTokenOf, tokenMatchesAny } from './bearer-token';

/** A guard that answers with a promise (so another guard can defer to it). */
export interface TokenGuard extends CanActivate {
  canActivate(context: ExecutionContext): Promise<boolean>;
}

/**
 * A guard that lets through a bearer token of a fixed list from the settings; refusals count
 * toward the caller's lockout in `scope`. A mixin, as `AuthGuard(type)` is in @nestjs/passport.
 */
function staticTokenGuard(
  kind: string,
  scope: AuthScope,
  allowedTokens: (env: GatewayEnv) => readonly string[],
): Type<TokenGuard> {
  @Injectable()
  class StaticTokenGuard implements TokenGuard {
    constructor(
      @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
      private readonly failures: AuthFailures,
    ) {}

    async canActivate(context: ExecutionContext): Promise<boolean> {
      const request = context.switchToHttp().getRequest<Request>();
      const token = bearerTokenOf(request);
      if (!token) throw new UnauthorizedException(`missing "Authorization: Bearer <${kind} token>" header`);
      await this.failures.check(scope, clientAddressOf(request), () => {
        if (!tokenMatchesAny(token, allowedTokens(this.env))) {
          throw new UnauthorizedException(`not a valid ${kind} token`);
        }
      });
      return true;
    }
  }
  return mixin(StaticTokenGuard);
}

/** Admin routes: any token of the comma-separated ADMIN_API_TOKEN list. */
export const AdminTokenGuard = staticTokenGuard('admin', 'api', (env) => env.ADMIN_API_TOKEN);

/**
 * Liquidsoap's internal callbacks: only LIQUIDSOAP_TOKEN (which is not an admin token). Its own
 * counter: admin or listener guesses from loopback must never lock Liquidsoap's callbacks out.
 */
export const LiquidsoapTokenGuard = staticTokenGuard('liquidsoap', 'liquidsoap', (env) => [env.LIQUIDSOAP_TOKEN]);
