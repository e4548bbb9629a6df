import type { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';

import type { RpcPattern, RpcRequest, RpcResponse } from './contract';
import { rpcErrorPayloadSchema, RpcRemoteError, RpcTimeoutError, RpcTransportError } from './rpc-error';

export interface SendOptions {
  timeoutMs?: number;
}

/**
 * The one door into a service: a typed `send()` with a deadline on every call and
 * every failure turned into one of three error classes the gateway knows how to map.
 */
export class ContractClient {
  constructor(
    private readonly proxy: ClientProxy,
    private readonly defaultTimeoutMs: number,
  ) {}

  async send<P extends RpcPattern>(
    pattern: P,
    payload: RpcRequest<P>,
    options: SendOptions = {},
  ): Promise<RpcResponse<P>> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    try {
      return await firstValueFrom(
        this.proxy.send<RpcResponse<P>, RpcRequest<P>>(pattern, payload).pipe(timeout(timeoutMs)),
      );
    } catch (error) {
      throw toRpcError(pattern, timeoutMs, error);
    }
  }

  async close(): Promise<void> {
    await this.proxy.close();
  }
}

export function toRpcError(pattern: string, timeoutMs: number, error: unknown): Error {
  if (error instanceof TimeoutError) return new RpcTimeoutError(pattern, timeoutMs);
  const known = rpcErrorPayloadSchema.safeParse(error);
  if (known.success) return new RpcRemoteError(pattern, known.data.code, known.data.message);
  const message =
    error instanceof Error
      ? error.message
      : typeof error === 'object' && error !== null && 'message' in error
        ? String((error as { message: unknown }).message)
        : String(error);
  return new RpcTransportError(pattern, message);
}
