import { STATION_ENV, type StationEnv } from '@h4k/config';
import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { bearerTokenOf, tokenMatchesAny } from './bearer-token';

abstract class StaticTokenGuard implements CanActivate {
  protected abstract readonly kind: string;
  protected abstract allowedTokens(): readonly string[];

  canActivate(context: ExecutionContext): boolean {
    const token = bearerTokenOf(context.switchToHttp().getRequest<Request>());
    if (!token) throw new UnauthorizedException(`missing "Authorization: Bearer <${this.kind} token>" header`);
    if (!tokenMatchesAny(token, this.allowedTokens()))
      throw new UnauthorizedException(`not a valid ${this.kind} token`);
    return true;
  }
}

/** Admin routes: any token of the comma-separated ADMIN_API_TOKEN list. */
@Injectable()
export class AdminTokenGuard extends StaticTokenGuard {
  protected readonly kind = 'admin';
  constructor(@Inject(STATION_ENV) private readonly env: StationEnv) {
    super();
  }
  protected allowedTokens(): readonly string[] {
    return this.env.ADMIN_API_TOKEN;
  }
}

/** Liquidsoap's internal callbacks: only LIQUIDSOAP_TOKEN (which is not an admin token). */
@Injectable()
export class LiquidsoapTokenGuard extends StaticTokenGuard {
  protected readonly kind = 'liquidsoap';
  constructor(@Inject(STATION_ENV) private readonly env: StationEnv) {
    super();
  }
  protected allowedTokens(): readonly string[] {
    return [this.env.LIQUIDSOAP_TOKEN];
  }
}
