import { GATEWAY_ENV, type GatewayEnv } from '@h4k/config';
import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request, Response } from 'express';

import { AuthFailures } from '../limits/auth-failures';
import { clientAddressOf } from '../limits/client-address';
import { RevokedTokenSignals } from '../tokens/revoked-token-signals';
import type { UserClaims } from '../tokens/token-claims';
import { TokensService } from '../tokens/tokens.service';
import { bearerTokenOf, tokenMatchesAny } from './bearer-token';

/** Who is calling a route that listeners and admins share. */
export type Caller = { kind: 'admin' } | { kind: 'user'; claims: UserClaims };

interface CallerRequest extends Request {
  caller?: Caller;
}

/**
 * The token from `Authorization: Bearer …`, or from `?token=` for an EventSource (which cannot set
 * headers). Only the header is read on routes that change something.
 */
function tokenOf(request: Request, queryAllowed: boolean): string | undefined {
  const header = bearerTokenOf(request);
  if (header) return header;
  const query = request.query['token'];
  return queryAllowed && typeof query === 'string' && query.length > 0 ? query : undefined;
}

const MISSING = 'missing "Authorization: Bearer <user token>" header';

/**
 * Listener routes: a JWT of `type: user` (a livestream JWT, the admin or the Liquidsoap token is not one).
 * A response still open when its token is revoked (an event stream) is cut then.
 */
@Injectable()
export class UserTokenGuard implements CanActivate {
  constructor(
    private readonly tokens: TokensService,
    private readonly failures: AuthFailures,
    private readonly revocations: RevokedTokenSignals,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<CallerRequest>();
    const token = tokenOf(request, request.method === 'GET');
    if (!token) throw new UnauthorizedException(MISSING);
    const claims = await this.failures.check('api', clientAddressOf(request), () => this.tokens.verifyUser(token));
    request.caller = { kind: 'user', claims };
    this.revocations.endOnRevocation(claims.jti, context.switchToHttp().getResponse<Response>());
    return true;
  }
}

/** Routes an admin may use on anyone's song and a listener on their own: an admin token or a user JWT. */
@Injectable()
export class UserOrAdminGuard implements CanActivate {
  constructor(
    private readonly tokens: TokensService,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly failures: AuthFailures,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<CallerRequest>();
    const token = tokenOf(request, false);
    if (!token) throw new UnauthorizedException('missing "Authorization: Bearer <user or admin token>" header');
    request.caller = await this.failures.check('api', clientAddressOf(request), async (): Promise<Caller> => {
      if (tokenMatchesAny(token, this.env.ADMIN_API_TOKEN)) return { kind: 'admin' };
      return { kind: 'user', claims: await this.tokens.verifyUser(token) };
    });
    return true;
  }
}

/** The caller a guard of this file identified. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<CallerRequest>().caller;
  if (!caller) throw new UnauthorizedException(MISSING);
  return caller;
});

/** The listener a `UserTokenGuard` identified. */
export const CurrentListener = createParamDecorator((_data: unknown, context: ExecutionContext): UserClaims => {
  const caller = context.switchToHttp().getRequest<CallerRequest>().caller;
  if (caller?.kind !== 'user') throw new UnauthorizedException(MISSING);
  return caller.claims;
});
