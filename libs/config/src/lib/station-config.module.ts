import { type DynamicModule, Global, Module } from '@nestjs/common';

import { type GatewayEnv, loadGatewayEnv } from './station-env';

/**
 * Injection token for this process's validated, typed settings: each service provides it from its own
 * schema (QueueEnv, LivestreamEnv, DownloaderEnv; GatewayEnv in the gateway) and injects that type.
 */
export const STATION_ENV = Symbol('STATION_ENV');

/** Injection token for the gateway's environment: its settings plus the secrets it checks tokens with. */
export const GATEWAY_ENV = Symbol('GATEWAY_ENV');

/** A service's settings, validated once at start by its own loader (e.g. `ServiceConfigModule.forRoot(loadQueueEnv)`). */
@Global()
@Module({})
export class ServiceConfigModule {
  static forRoot<T>(load: () => T): DynamicModule {
    return {
      module: ServiceConfigModule,
      providers: [{ provide: STATION_ENV, useFactory: load }],
      exports: [STATION_ENV],
    };
  }
}

/** The gateway's configuration: one validated object, injectable as either token. */
@Global()
@Module({
  providers: [
    { provide: GATEWAY_ENV, useFactory: (): GatewayEnv => loadGatewayEnv() },
    { provide: STATION_ENV, useExisting: GATEWAY_ENV },
  ],
  exports: [GATEWAY_ENV, STATION_ENV],
})
export class GatewayConfigModule {}
