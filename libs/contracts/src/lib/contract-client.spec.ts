import type { ArgumentsHost } from '@nestjs/common';
import Redis from 'ioredis';
import { TimeoutError } from 'rxjs';
import { lastValueFrom } from 'rxjs';

import { PATTERNS } from './contract';
import { toRpcError } from './contract-client';
import { RpcRemoteError, RpcTimeoutError, RpcTransportError, STORE_UNAVAILABLE_MESSAGE } from './rpc-error';
import { ContractPayloadPipe, rpcError, RpcErrorFilter } from './rpc-server';

describe('toRpcError', () => {
  it('turns an rxjs timeout into RpcTimeoutError', () => {
    const error = toRpcError('queue.health', 1500, new TimeoutError());
    expect(error).toBeInstanceOf(RpcTimeoutError);
    expect(error.message).toBe('queue.health did not answer within 1500 ms');
  });

  it('turns a {code, message} reply into RpcRemoteError', () => {
    const error = toRpcError('queue.add', 5000, {
      code: 'CONFLICT',
      message: 'already queued',
    });
    expect(error).toBeInstanceOf(RpcRemoteError);
    expect(error).toMatchObject({
      code: 'CONFLICT',
      message: 'already queued',
    });
  });

  it('treats an unknown code or shape as a transport error', () => {
    expect(toRpcError('queue.add', 5000, { code: 'TEAPOT', message: 'x' })).toBeInstanceOf(RpcTransportError);
    expect(
      toRpcError('queue.add', 5000, {
        status: 'error',
        message: 'Internal server error',
      }).message,
    ).toBe('queue.add failed: Internal server error');
    expect(toRpcError('queue.add', 5000, new Error('Connection is closed.'))).toBeInstanceOf(RpcTransportError);
  });
});

describe('ContractPayloadPipe', () => {
  it('accepts a payload matching the pattern schema', () => {
    expect(new ContractPayloadPipe(PATTERNS.queue.health).transform({})).toEqual({});
  });

  it('refuses unknown fields with a BAD_REQUEST naming them', () => {
    expect(() => new ContractPayloadPipe(PATTERNS.queue.health).transform({ rogue: 1 })).toThrow(
      expect.objectContaining({
        error: expect.objectContaining({ code: 'BAD_REQUEST' }),
      }),
    );
  });
});

describe('RpcErrorFilter', () => {
  const host = {} as ArgumentsHost;

  it('passes known RPC errors through unchanged', async () => {
    await expect(
      lastValueFrom(new RpcErrorFilter().catch(rpcError('NOT_FOUND', 'no such song'), host)),
    ).rejects.toEqual({
      code: 'NOT_FOUND',
      message: 'no such song',
    });
  });

  it('turns Redis being down (ioredis giving a command up) into UNAVAILABLE: the caller may try again', async () => {
    // A real ioredis client against a port nothing listens on, as a service sees Redis while it restarts.
    const redis = new Redis({ host: '127.0.0.1', port: 1, maxRetriesPerRequest: 0, retryStrategy: () => 100 });
    redis.on('error', () => undefined);
    const given = await redis.get('h4k:anything').catch((error: unknown) => error);
    redis.disconnect();
    expect(given).toBeInstanceOf(Error);
    await expect(lastValueFrom(new RpcErrorFilter().catch(given, host))).rejects.toEqual({
      code: 'UNAVAILABLE',
      message: STORE_UNAVAILABLE_MESSAGE,
    });
  });

  it('turns any other error into INTERNAL without leaking its message', async () => {
    await expect(lastValueFrom(new RpcErrorFilter().catch(new Error('secret path /root/x'), host))).rejects.toEqual({
      code: 'INTERNAL',
      message: 'internal error in service',
    });
  });
});
