import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';

import { AuthFailures } from './auth-failures';
import { addressKey } from './client-address';

/**
 * The DJ's address as Liquidsoap reports it in the harbor auth body. The HTTP caller is always
 * Liquidsoap on loopback: counting by it would let one DJ's flood lock every DJ out.
 */
export function harborAddressOf(request: Request): string {
  const body = request.body as { address?: unknown } | undefined;
  return addressKey(typeof body?.address === 'string' ? body.address : 'unknown');
}

/**
 * Wrong harbor passwords per DJ address: a blocked address is refused before the body is validated
 * or any token is verified; a refused token (401) counts.
 */
@Injectable()
export class HarborAuthFailures implements NestInterceptor {
  constructor(private readonly failures: AuthFailures) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const address = harborAddressOf(context.switchToHttp().getRequest<Request>());
    return from(this.failures.check('harbor', address, () => lastValueFrom(next.handle())));
  }
}
