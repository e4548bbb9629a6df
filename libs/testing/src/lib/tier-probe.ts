import { goertzelDb, noiseDb } from './goertzel';
import { PcmWindows, rmsDb } from './pcm-windows';
import { eventually } from './processes';

export type Tier = 'live' | 'user' | 'fallback' | 'noise';

/** The sound each tier plays in a test: the DJ's and the listener's tones, the fallback's tracks. */
export interface TierTones {
  live: number;
  user: number;
  fallback: readonly number[];
}

export interface TierLevels {
  rmsDb: number;
  levels: Record<Tier, number>;
}

export interface HandoverMeasure {
  /** From the call until the tier is audible and stays so for a second; null: never. */
  toAudibleMs: number | null;
  /** The longest run of windows below −50 dBFS from the call on. */
  longestSilenceMs: number;
  /** The tier's loudest window in the second before the call. */
  beforeDb: number;
}

// 32 kHz: at 8 kHz, the codecs' noise under a loud tone aliased into the noise bins (−39 dB measured).
const RATE = 32000;
const WINDOW_MS = 50;
const WINDOW = (RATE * WINDOW_MS) / 1000;
/** Noise is broadband: its level is read where no tone lies. */
const NOISE_BINS = [10000, 10700, 11400, 12100, 12800, 13500, 14200, 14900];
export const AUDIBLE_DB = -50;
/** A second of windows. */
const SECOND = 1000 / WINDOW_MS;

/**
 * Hears a stream like a listener and tells, per 50 ms window, how loud each tier's own signal is,
 * so the next tier is found while the last one still fades out. Windows are placed on the
 * station's clock from their earliest arrival (Icecast's burst and Ogg pages only ever delay them).
 */
export class TierProbe extends PcmWindows<TierLevels> {
  constructor(url: string, tones: TierTones) {
    super(url, RATE, WINDOW, (pcm) => {
      const toneDb = (frequency: number) => goertzelDb(pcm, frequency, RATE);
      return {
        rmsDb: rmsDb(pcm),
        levels: {
          live: toneDb(tones.live),
          user: toneDb(tones.user),
          fallback: Math.max(...tones.fallback.map(toneDb)),
          noise: noiseDb(pcm, NOISE_BINS, RATE),
        },
      };
    });
  }

  /** Waits until `tier` has been heard (above −40 dB) for a whole second after `since`. */
  async waitFor(tier: Tier, timeoutMs: number, since = Date.now()): Promise<void> {
    await eventually(
      `${tier} on the stream`,
      () => {
        const recent = this.windows.filter((window) => window.at >= since).slice(-SECOND);
        return recent.length === SECOND && recent.every((window) => window.levels[tier] > -40);
      },
      timeoutMs,
    );
  }

  /** Waits until the audio the station played `ms` after `at` has arrived. */
  async waitUntilHeard(at: number, ms: number): Promise<void> {
    await eventually('the stream to catch up', () => this.indexAt(at) + ms / WINDOW_MS < this.windows.length, 30_000);
  }

  /**
   * From `calledAt` on the station's clock: how long until `tier` is audible (at or above −50 dB)
   * and stays so for a second, and the longest run of windows below −50 dBFS.
   */
  measure(tier: Tier, calledAt: number): HandoverMeasure {
    const from = this.indexAt(calledAt);
    const start = Math.max(0, Math.floor(from));
    const beforeDb = Math.max(
      ...this.windows.slice(Math.max(0, start - SECOND), start).map((window) => window.levels[tier]),
    );
    let toAudibleMs: number | null = null;
    for (let index = start; index + SECOND <= this.windows.length; index++) {
      if (this.windows.slice(index, index + SECOND).every((window) => window.levels[tier] >= AUDIBLE_DB)) {
        toAudibleMs = Math.max(0, Math.round((index - from) * WINDOW_MS));
        break;
      }
    }
    let longest = 0;
    let run = 0;
    for (const window of this.windows.slice(start)) {
      run = window.rmsDb < AUDIBLE_DB ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return { toAudibleMs, longestSilenceMs: longest * WINDOW_MS, beforeDb: Math.round(beforeDb) };
  }

  /** The (fractional) window index the station played at wall-clock `at`. */
  private indexAt(at: number): number {
    // The earliest arrival around `at` (±5 s: clocks drift over a long suite) is the least delayed.
    let offset = Infinity;
    this.windows.forEach((window, index) => {
      if (Math.abs(window.at - at) < 5000) offset = Math.min(offset, window.at - index * WINDOW_MS);
    });
    if (offset === Infinity) throw new Error('the probe heard nothing around the call');
    return (at - offset) / WINDOW_MS;
  }
}
