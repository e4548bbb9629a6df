import { Global, Module } from '@nestjs/common';
import { loadStationEnv, StationEnv } from './station-env';

/** Injection token for the validated, typed station environment. */
export const STATION_ENV = Symbol('STATION_ENV');

@Global()
@Module({
  providers: [{ provide: STATION_ENV, useFactory: (): StationEnv => loadStationEnv() }],
  exports: [STATION_ENV],
})
export class StationConfigModule {}
