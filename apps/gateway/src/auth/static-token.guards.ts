import { GATEWAY_ENV, type GatewayEnv } from '@h4k/config';
import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AuthFailures, type AuthScope } from '../limits/auth-failures';
import { clientAddressOf } from '../limits/client-address';
import { bearerTokenOf, tokenMatchesAny } from './bearer-token';

abstract class StaticTokenGuard implements CanActivate {
  protected abstract readonly kind: string;
  protected abstract readonly scope: AuthScope;
  protected abstract allowedTokens(): readonly string[];

  constructor(private readonly failures: AuthFailures) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const token = bearerTokenOf(request);
    if (!token) throw new UnauthorizedException(`missing "Authorization: Bearer <${this.kind} token>" header`);
    await this.failures.check(this.scope, clientAddressOf(request), () => {
      if (!tokenMatchesAny(token, this.allowedTokens())) {
        throw new UnauthorizedException(`not a valid ${this.kind} token`);
      }
    });
    return true;
  }
}

/** Admin routes: any token of the comma-separated ADMIN_API_TOKEN list. */
@Injectable()
export class AdminTokenGuard extends StaticTokenGuard {
  protected readonly kind = 'admin';
  protected readonly scope = 'api';
  constructor(
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    failures: AuthFailures,
  ) {
    super(failures);
  }
  protected allowedTokens(): readonly string[] {
    return this.env.ADMIN_API_TOKEN;
  }
}

/** Liquidsoap's internal callbacks: only LIQUIDSOAP_TOKEN (which is not an admin token). */
@Injectable()
export class LiquidsoapTokenGuard extends StaticTokenGuard {
  protected readonly kind = 'liquidsoap';
  // Its own counter: admin or listener guesses from loopback must never lock Liquidsoap's callbacks out.
  protected readonly scope = 'liquidsoap';
  constructor(
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    failures: AuthFailures,
  ) {
    super(failures);
  }
  protected allowedTokens(): readonly string[] {
    return [this.env.LIQUIDSOAP_TOKEN];
  }
}
