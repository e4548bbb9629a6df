import { HttpException, HttpStatus } from '@nestjs/common';

/** A per-address limit refused the request; the filter sends `Retry-After` when the wait is known. */
export class TooManyRequestsError extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message, HttpStatus.TOO_MANY_REQUESTS);
  }
}
