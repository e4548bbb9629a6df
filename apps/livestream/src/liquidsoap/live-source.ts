import { Inject, Injectable } from '@nestjs/common';
import { LIVESTREAM_TIMINGS, type LivestreamTimings } from '../timings';
import { LiquidsoapTelnet } from './liquidsoap-telnet';

/** The station's harbor input (id "live", see liquidsoap/radio.liq), as its telnet commands show it. */
export const HARBOR_ID = 'live';

/** The DJ's harbor input: is an encoder connected, and drop it. */
@Injectable()
export class LiveSource {
  constructor(
    private readonly telnet: LiquidsoapTelnet,
    @Inject(LIVESTREAM_TIMINGS) private readonly timings: LivestreamTimings,
  ) {}

  /** Throws when Liquidsoap cannot be asked: callers must not read "unknown" as "gone". */
  async isConnected(): Promise<boolean> {
    const answer = await this.telnet.command(`${HARBOR_ID}.status`, this.timings.telnetTimeoutMs);
    // Liquidsoap 2.1.3 answers "no source client connected" or "source client connected from <address>".
    if (answer.startsWith('no source client connected')) return false;
    if (answer.startsWith('source client connected')) return true;
    throw new Error(`unexpected answer to ${HARBOR_ID}.status: ${answer.slice(0, 200)}`);
  }

  async stop(): Promise<void> {
    await this.telnet.command(`${HARBOR_ID}.stop`, this.timings.telnetTimeoutMs);
  }
}
