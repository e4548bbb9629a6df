import { type GatewayEnv, STATION_ENV } from '@h4k/config';
import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UseGuards,
} from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { schemaRef } from '../openapi/api-schemas';
import { clientAddressOf } from './client-address';
import { TooManyRequestsError } from './too-many-requests.error';

/**
 * Open Server-Sent Event streams per client address, on this gateway. In memory on purpose: a count
 * in Redis would outlive a gateway that crashed with streams open and lock their addresses out.
 */
@Injectable()
export class EventStreamSlots {
  private readonly open = new Map<string, number>();

  constructor(@Inject(STATION_ENV) private readonly env: GatewayEnv) {}

  /** Takes a slot for the stream until its response closes (however it ends), or refuses with 429. */
  take(request: Request, response: Response): void {
    const address = clientAddressOf(request);
    const taken = this.open.get(address) ?? 0;
    const max = this.env.SSE_STREAMS_PER_ADDRESS;
    if (taken >= max) {
      throw new TooManyRequestsError(`at most ${max} event streams per address: close one first`);
    }
    this.open.set(address, taken + 1);
    response.once('close', () => {
      const left = (this.open.get(address) ?? 1) - 1;
      if (left > 0) this.open.set(address, left);
      else this.open.delete(address);
    });
  }

  openFrom(address: string): number {
    return this.open.get(address) ?? 0;
  }
}

@Injectable()
export class EventStreamSlotGuard implements CanActivate {
  constructor(private readonly slots: EventStreamSlots) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    this.slots.take(http.getRequest<Request>(), http.getResponse<Response>());
    return true;
  }
}

/** An event-stream route: one slot of the caller's address while it is open (a refused request gives it back as it closes). */
export function EventStreamLimit(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseGuards(EventStreamSlotGuard),
    ApiTooManyRequestsResponse({
      description: 'The address already holds SSE_STREAMS_PER_ADDRESS open event streams',
      schema: schemaRef('HttpError'),
    }),
  );
}
