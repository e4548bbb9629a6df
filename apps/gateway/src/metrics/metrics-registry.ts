import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The gateway's own metrics registry (not prom-client's global one, so two gateways in one test
 * process never collide), with Node's process metrics (CPU, memory, event loop, GC) in it.
 */
@Injectable()
export class MetricsRegistry extends Registry {
  constructor() {
    super();
    collectDefaultMetrics({ register: this });
  }
}
