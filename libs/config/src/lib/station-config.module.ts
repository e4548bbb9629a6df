import { Global, Module } from '@nestjs/common';
import { loadGatewayEnv, loadStationEnv, type GatewayEnv, type StationEnv } from './station-env';

/** Injection token for the validated, typed station environment (every service). */
export const STATION_ENV = Symbol('STATION_ENV');

/** Injection token for the gateway's environment: the station's plus the secrets it checks tokens with. */
export const GATEWAY_ENV = Symbol('GATEWAY_ENV');

@Global()
@Module({
  providers: [{ provide: STATION_ENV, useFactory: (): StationEnv => loadStationEnv() }],
  exports: [STATION_ENV],
})
export class StationConfigModule {}

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
