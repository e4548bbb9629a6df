import { type LivestreamEnv, STATION_ENV } from '@h4k/config';
import { LiquidsoapTelnetClient } from '@h4k/liquidsoap-telnet';
import { Inject, Injectable } from '@nestjs/common';

/** Liquidsoap's telnet server, as configured for this station. */
@Injectable()
export class LiquidsoapTelnet extends LiquidsoapTelnetClient {
  constructor(@Inject(STATION_ENV) env: LivestreamEnv) {
    super({ host: env.LIQUIDSOAP_HOST, port: env.LIQUIDSOAP_TELNET_PORT });
  }
}
