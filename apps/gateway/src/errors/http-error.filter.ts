import {
  isStoreUnavailable,
  type RpcErrorCode,
  RpcRemoteError,
  RpcTimeoutError,
  RpcTransportError,
  STORE_UNAVAILABLE_MESSAGE,
} from '@h4k/contracts';
import { ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ZodValidationException } from 'nestjs-zod';
import { z } from 'zod';

import { InsufficientStorageError } from '../disk/free-disk';
import { TooManyRequestsError } from '../limits/too-many-requests.error';

/** The one place where a failure becomes an HTTP status. */
const STATUS_OF_CODE: Record<RpcErrorCode, HttpStatus> = {
  BAD_REQUEST: HttpStatus.BAD_REQUEST,
  UNAUTHORIZED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT: HttpStatus.CONFLICT,
  TOO_MANY: HttpStatus.TOO_MANY_REQUESTS,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  INTERNAL: HttpStatus.BAD_GATEWAY,
};

export const httpErrorBodySchema = z.object({
  statusCode: z.number().int().describe('The HTTP status again'),
  error: z.string().describe('Its name, e.g. "Too Many Requests"'),
  message: z.union([z.string(), z.array(z.string())]).describe('Why, for people: one reason or one per bad field'),
});
export type HttpErrorBody = z.infer<typeof httpErrorBodySchema>;

export function httpErrorOf(exception: unknown): HttpErrorBody {
  if (exception instanceof ZodValidationException) {
    const issues = exception.getZodError() as {
      issues: { path: PropertyKey[]; message: string }[];
    };
    return {
      statusCode: HttpStatus.BAD_REQUEST,
      error: errorName(HttpStatus.BAD_REQUEST),
      message: issues.issues.map((issue) => `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`),
    };
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? (response as { message: string | string[] }).message
        : exception.message;
    return { statusCode, error: errorName(statusCode), message };
  }
  if (exception instanceof InsufficientStorageError) {
    return {
      statusCode: HttpStatus.INSUFFICIENT_STORAGE,
      error: errorName(HttpStatus.INSUFFICIENT_STORAGE),
      message: exception.message,
    };
  }
  if (exception instanceof RpcTimeoutError) {
    return {
      statusCode: HttpStatus.GATEWAY_TIMEOUT,
      error: errorName(HttpStatus.GATEWAY_TIMEOUT),
      message: exception.message,
    };
  }
  if (exception instanceof RpcRemoteError) {
    const statusCode = STATUS_OF_CODE[exception.code];
    return {
      statusCode,
      error: errorName(statusCode),
      message: exception.message,
    };
  }
  if (isRedisUnavailable(exception)) {
    return {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: errorName(HttpStatus.SERVICE_UNAVAILABLE),
      message: STORE_UNAVAILABLE_MESSAGE,
    };
  }
  if (exception instanceof RpcTransportError) {
    return {
      statusCode: HttpStatus.BAD_GATEWAY,
      error: errorName(HttpStatus.BAD_GATEWAY),
      message: exception.message,
    };
  }
  return {
    statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
    error: errorName(HttpStatus.INTERNAL_SERVER_ERROR),
    message: 'internal error',
  };
}

/**
 * Redis is restarting or down: ioredis gave a command up, or the RPC transport dropped a request
 * when its connection was lost. The caller should try again, so 503, not a 500/502.
 */
export function isRedisUnavailable(exception: unknown): boolean {
  if (exception instanceof RpcTransportError) return /Connection lost|Connection is closed/.test(exception.message);
  return isStoreUnavailable(exception);
}

function errorName(status: number): string {
  return (HttpStatus[status] ?? 'ERROR')
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/**
 * How long the rest of a refused body is read and dropped before the connection is cut. Closing a socket
 * with unread bytes makes the kernel answer them with a reset, and a reset can take the answer with it:
 * Caddy in front then has no response and sends its own empty 502. So the answer goes out on a kept
 * connection while the rest of the body is discarded (a lingering close, as Apache and Go's server do);
 * only a body still arriving after this long is cut, by when the proxy has long read the answer.
 */
const LINGER_MS = 5000;

/**
 * Refused before its body was read. A stalled upload (nothing to read anyway) is cut with the answer;
 * any other unread body is drained for up to LINGER_MS, then cut (found by the route fuzzer and an
 * over-size upload through Caddy).
 */
function settleUnreadBody(request: Request, response: Response, exception: unknown): void {
  if (request.complete) return;
  const stalled = exception instanceof HttpException && exception.getStatus() === HttpStatus.REQUEST_TIMEOUT;
  if (stalled) {
    response.setHeader('Connection', 'close');
    return;
  }
  request.resume();
  const cut = setTimeout(() => request.socket.destroy(), LINGER_MS).unref();
  request.once('end', () => clearTimeout(cut));
  request.once('close', () => clearTimeout(cut));
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    settleUnreadBody(host.switchToHttp().getRequest<Request>(), response, exception);
    if (exception instanceof TooManyRequestsError && exception.retryAfterSeconds !== undefined) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    const unavailable =
      isRedisUnavailable(exception) || (exception instanceof RpcRemoteError && exception.code === 'UNAVAILABLE');
    if (unavailable) response.setHeader('Retry-After', '2');
    if (exception instanceof HttpException && isHealthReport(exception.getResponse())) {
      // Terminus's 503 carries the per-dependency report: pass it through untouched.
      response.status(exception.getStatus()).json(exception.getResponse());
      return;
    }
    const body = httpErrorOf(exception);
    if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    response.status(body.statusCode).json(body);
  }
}

function isHealthReport(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'status' in body && 'details' in body;
}
