import { z } from 'zod';

/**
 * Error codes a service may answer with. The gateway maps each to one HTTP status, in one place.
 * Do not rename without updating every caller: these travel over Redis.
 */
export const RPC_ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'TOO_MANY',
  'PAYLOAD_TOO_LARGE',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type RpcErrorCode = (typeof RPC_ERROR_CODES)[number];

export const rpcErrorPayloadSchema = z.object({
  code: z.enum(RPC_ERROR_CODES),
  message: z.string(),
});
export type RpcErrorPayload = z.infer<typeof rpcErrorPayloadSchema>;

/** A service answered with a known error code. */
export class RpcRemoteError extends Error {
  constructor(
    readonly pattern: string,
    readonly code: RpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RpcRemoteError';
  }
}

/** No answer within the deadline (the service is down, busy or gone). */
export class RpcTimeoutError extends Error {
  constructor(
    readonly pattern: string,
    readonly timeoutMs: number,
  ) {
    super(`${pattern} did not answer within ${timeoutMs} ms`);
    this.name = 'RpcTimeoutError';
  }
}

/** The call failed in a way the contract does not describe (transport error, malformed reply). */
export class RpcTransportError extends Error {
  constructor(
    readonly pattern: string,
    message: string,
  ) {
    super(`${pattern} failed: ${message}`);
    this.name = 'RpcTransportError';
  }
}

/** What a caller hears while Redis restarts or is down: try again, nothing was decided. */
export const STORE_UNAVAILABLE_MESSAGE =
  'the station cannot reach its store (Redis) right now: try again in a few seconds';

/** ioredis gave a command up because Redis is down or restarting (not a bug in the caller). */
export function isStoreUnavailable(error: unknown): boolean {
  return (
    error instanceof Error && (error.name === 'MaxRetriesPerRequestError' || error.message === 'Connection is closed.')
  );
}
