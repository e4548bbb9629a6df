import {
  applyDecorators,
  ArgumentsHost,
  Catch,
  Logger,
  PipeTransform,
  RpcExceptionFilter,
  UsePipes,
} from '@nestjs/common';
import { MessagePattern, RpcException } from '@nestjs/microservices';
import { Observable, throwError } from 'rxjs';
import type { z } from 'zod';

import { requestSchemas, type RpcPattern } from './contract';
import { isStoreUnavailable, type RpcErrorCode, type RpcErrorPayload, STORE_UNAVAILABLE_MESSAGE } from './rpc-error';

/** Throw from a service handler: reaches the caller as `RpcRemoteError` with this code. */
export function rpcError(code: RpcErrorCode, message: string): RpcException {
  return new RpcException({ code, message } satisfies RpcErrorPayload);
}

/** Validates a handler's payload against the contract's schema for its pattern. */
export class ContractPayloadPipe<P extends RpcPattern> implements PipeTransform {
  constructor(private readonly pattern: P) {}

  transform(value: unknown): z.output<(typeof requestSchemas)[P]> {
    const parsed = requestSchemas[this.pattern].safeParse(value ?? {});
    if (!parsed.success) {
      throw rpcError(
        'BAD_REQUEST',
        parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`).join('; '),
      );
    }
    return parsed.data as z.output<(typeof requestSchemas)[P]>;
  }
}

/**
 * A service's handler of `pattern`: subscribes to it and validates the payload (read with `@Payload()`)
 * against the contract's request schema, so the pattern a handler listens to and the schema it is
 * checked against are one and the same.
 */
export function RpcHandler(pattern: RpcPattern): MethodDecorator {
  return applyDecorators(MessagePattern(pattern), UsePipes(new ContractPayloadPipe(pattern)));
}

/**
 * Catch-all for services: known RPC errors pass through, Redis down or restarting becomes UNAVAILABLE
 * (the caller may try again: the gateway answers 503), anything else becomes INTERNAL (logged here, so
 * a plain Error never arrives at the gateway as a vague reply).
 */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcErrorFilter');

  catch(exception: unknown, _host: ArgumentsHost): Observable<RpcErrorPayload> {
    if (exception instanceof RpcException) {
      const error = exception.getError();
      if (typeof error === 'object' && error !== null && 'code' in error) {
        return throwError(() => error as RpcErrorPayload);
      }
    }
    if (isStoreUnavailable(exception)) {
      this.logger.warn(`answered UNAVAILABLE: ${(exception as Error).message}`);
      return throwError(() => ({ code: 'UNAVAILABLE', message: STORE_UNAVAILABLE_MESSAGE }) satisfies RpcErrorPayload);
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return throwError(
      () =>
        ({
          code: 'INTERNAL',
          message: 'internal error in service',
        }) satisfies RpcErrorPayload,
    );
  }
}
