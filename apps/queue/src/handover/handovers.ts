import { STATION_ENV, type QueueEnv } from '@h4k/config';
import type { Playlist } from '@h4k/contracts';
import { LiquidsoapTelnetClient } from '@h4k/liquidsoap-telnet';
import { Inject, Injectable, Logger } from '@nestjs/common';

/** Liquidsoap's fade between tiers (radio.liq): the MPD keeps playing this long after a release. */
export const FADE_MS = 2000;
const TELNET_TIMEOUT_MS = 1000;

/**
 * Announced handovers: before this service makes an MPD on air go quiet (pause, stop, clear, its
 * last song deleted), Liquidsoap is told first (`h4k.release`), so the next tier fades in while
 * the MPD's real audio fades out, instead of Liquidsoap noticing 2.5 s of silence. Without
 * Liquidsoap the MPD change still happens at once: the level gate in radio.liq is the safety net.
 */
@Injectable()
export class Handovers {
  private readonly logger = new Logger(Handovers.name);
  private readonly telnet: LiquidsoapTelnetClient;

  constructor(@Inject(STATION_ENV) env: QueueEnv) {
    this.telnet = new LiquidsoapTelnetClient({ host: env.LIQUIDSOAP_HOST, port: env.LIQUIDSOAP_TELNET_PORT });
  }

  /** Takes the playlist's tier off air; resolves once its MPD may go quiet (after the fade when it was on air). */
  async release(playlist: Playlist): Promise<void> {
    let answer: string;
    try {
      answer = await this.telnet.command(`h4k.release ${playlist}`, TELNET_TIMEOUT_MS);
    } catch (error) {
      this.logger.warn(`could not announce the ${playlist} handover to Liquidsoap: ${String(error)}`);
      return;
    }
    if (answer !== 'released: was on air') return;
    await new Promise((resolve) => setTimeout(resolve, FADE_MS));
  }
}
