import { type QueueEnv, STATION_ENV } from '@h4k/config';
import type { Playlist } from '@h4k/contracts';
import { LiquidsoapTelnetClient } from '@h4k/liquidsoap-telnet';
import { Inject, Injectable, Logger } from '@nestjs/common';

/** Liquidsoap's fade between tiers (radio.liq): the MPD keeps playing this long after a release. */
export const FADE_MS = 2000;
const TELNET_TIMEOUT_MS = 1000;

/**
 * What Liquidsoap made of `h4k.cue`: the tier is on air for the song's start, or Liquidsoap does not
 * hear that MPD's stream yet (nothing changed), or there was no answer (no Liquidsoap, or one
 * without the command): then the level gate in radio.liq puts the song on air as before.
 */
export type CueAnswer = 'cued' | 'not connected' | 'no answer';

/**
 * Announced starts: just before this service starts an MPD from stopped or paused, Liquidsoap puts
 * its tier on air (`h4k.cue`), so the song is heard from its first sample, not after the 0.2 s its
 * level gate would otherwise need to prove it audible.
 *
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

  /**
   * Takes the playlist's tier off air; resolves once its MPD may go quiet (after the fade when it was
   * on air), or at once with `afterFade: false` when the MPD already went quiet by itself.
   */
  async release(playlist: Playlist, { afterFade = true } = {}): Promise<void> {
    let answer: string;
    try {
      answer = await this.telnet.command(`h4k.release ${playlist}`, TELNET_TIMEOUT_MS);
    } catch (error) {
      this.logger.warn(`could not announce the ${playlist} handover to Liquidsoap: ${String(error)}`);
      return;
    }
    if (answer !== 'released: was on air' || !afterFade) return;
    await new Promise((resolve) => setTimeout(resolve, FADE_MS));
  }

  /**
   * Whether Liquidsoap hears the playlist's MPD stream (its input.http, `<tier>_http` in radio.liq,
   * is connected). False also when Liquidsoap does not answer. Changes nothing.
   */
  async connected(playlist: Playlist): Promise<boolean> {
    try {
      // "connected <url>", "polling" or "stopped"
      return (await this.telnet.command(`${playlist}_http.status`, TELNET_TIMEOUT_MS)).startsWith('connected');
    } catch {
      return false;
    }
  }

  /** Puts the playlist's tier on air for a song its MPD is about to start (see CueAnswer). */
  async cue(playlist: Playlist): Promise<CueAnswer> {
    let answer: string;
    try {
      answer = await this.telnet.command(`h4k.cue ${playlist}`, TELNET_TIMEOUT_MS);
    } catch (error) {
      this.logger.warn(`could not announce the ${playlist} start to Liquidsoap: ${String(error)}`);
      return 'no answer';
    }
    if (answer === 'cued' || answer === 'not connected') return answer;
    this.logger.warn(`Liquidsoap answered "${answer}" to h4k.cue ${playlist}`);
    return 'no answer';
  }
}
