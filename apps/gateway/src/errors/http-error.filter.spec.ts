import { RpcRemoteError, RpcTimeoutError, RpcTransportError } from '@h4k/contracts';
import { BadRequestException, NotFoundException } from '@nestjs/common';

import { httpErrorOf } from './http-error.filter';

describe('httpErrorOf: every failure becomes one HTTP status, here', () => {
  it('maps an RPC timeout to 504', () => {
    expect(httpErrorOf(new RpcTimeoutError('queue.health', 2000))).toEqual({
      statusCode: 504,
      error: 'Gateway Timeout',
      message: 'queue.health did not answer within 2000 ms',
    });
  });

  it.each([
    ['BAD_REQUEST', 400],
    ['UNAUTHORIZED', 401],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['CONFLICT', 409],
    ['PAYLOAD_TOO_LARGE', 413],
    ['TOO_MANY', 429],
    ['UNAVAILABLE', 503],
    ['INTERNAL', 502],
  ] as const)('maps service code %s to %i', (code, status) => {
    const body = httpErrorOf(new RpcRemoteError('queue.add', code, 'what went wrong'));
    expect(body.statusCode).toBe(status);
    expect(body.message).toBe('what went wrong');
  });

  it('maps a transport failure to 502, a request dropped while Redis reconnects to 503', () => {
    expect(httpErrorOf(new RpcTransportError('queue.add', 'Unexpected reply')).statusCode).toBe(502);
    // What the Nest Redis transport rejects pending requests with when Redis goes away.
    expect(
      httpErrorOf(new RpcTransportError('downloader.vet', 'Error: Connection lost. Trying to reconnect...')),
    ).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.stringMatching(/Redis/),
    });
  });

  it('keeps the message of Nest HTTP exceptions', () => {
    expect(httpErrorOf(new BadRequestException('url must be http(s)'))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'url must be http(s)',
    });
    expect(httpErrorOf(new NotFoundException()).statusCode).toBe(404);
  });

  it('never leaks an unknown error', () => {
    expect(httpErrorOf(new Error('password=hunter2'))).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'internal error',
    });
  });
});
