import { Transport, type RedisOptions } from '@nestjs/microservices';

export interface RedisEndpoint {
  host: string;
  port: number;
  password?: string;
}

/**
 * Redis transport options shared by every service and the gateway. Retries are unbounded so a
 * Redis restart never crashes a process (without them the transport throws on the first failure);
 * every 200 ms, so a killed Redis (back in ~0.3 s) loses few RPCs to a server not yet resubscribed.
 */
export function redisTransportOptions(endpoint: RedisEndpoint): RedisOptions {
  return {
    transport: Transport.REDIS,
    options: {
      host: endpoint.host,
      port: endpoint.port,
      ...(endpoint.password !== undefined && { password: endpoint.password }),
      retryAttempts: Number.MAX_SAFE_INTEGER,
      retryDelay: 200,
      maxRetriesPerRequest: null,
    },
  };
}
