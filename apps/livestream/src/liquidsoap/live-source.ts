import { Inject, Injectable } from '@nestjs/common';

import { LIVESTREAM_TIMINGS, type LivestreamTimings } from '../timings';
import { LiquidsoapTelnet } from './liquidsoap-telnet';

/** The station's harbor input (id "live", see liquidsoap/radio.liq), as its telnet commands show it. */
export const HARBOR_ID = 'live';
const KICK_COMMAND = 'h4k.kick';

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

  /**
   * Drops the DJ with radio.liq's `h4k.kick`: unlike `live.stop` (a close like a DJ ending their set: the
   * ~1 s the harbor holds plays out first) the next tier fades in at once, and the DJ stays off air until
   * they connect again.
   */
  async stop(): Promise<void> {
    const answer = await this.telnet.command(KICK_COMMAND, this.timings.telnetTimeoutMs);
    if (!/^(kicked|no source client connected)/.test(answer)) {
      throw new Error(`unexpected answer to ${KICK_COMMAND}: ${answer.slice(0, 200)}`);
    }
  }
}
