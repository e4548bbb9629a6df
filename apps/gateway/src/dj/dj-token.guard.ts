import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';

import { bearerTokenOf } from '../auth/bearer-token';
import { AuthFailures } from '../limits/auth-failures';
import { clientAddressOf } from '../limits/client-address';
import { DJ_KEY_PATTERN } from '../tokens/dj-keys';
import type { LivestreamClaims } from '../tokens/token-claims';
import { TokensService } from '../tokens/tokens.service';

interface DjRequest extends Request {
  dj?: LivestreamClaims;
}

const MISSING = 'missing "Authorization: Bearer <DJ token or DJ key>" header';

/** DJ-facing routes: the DJ's own livestream JWT or DJ key (unrevoked, unexpired), as on the harbor. */
@Injectable()
export class DjTokenGuard implements CanActivate {
  constructor(
    private readonly tokens: TokensService,
    private readonly failures: AuthFailures,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<DjRequest>();
    const token = bearerTokenOf(request);
    if (!token) throw new UnauthorizedException(MISSING);
    request.dj = await this.failures.check('api', clientAddressOf(request), () =>
      DJ_KEY_PATTERN.test(token) ? this.tokens.verifyDjKey(token) : this.tokens.verifyLivestream(token),
    );
    return true;
  }
}

/** The claims a `DjTokenGuard` verified. */
export const CurrentDj = createParamDecorator((_data: unknown, context: ExecutionContext): LivestreamClaims => {
  const dj = context.switchToHttp().getRequest<DjRequest>().dj;
  if (!dj) throw new UnauthorizedException(MISSING);
  return dj;
});
