import { type ChildProcess, spawn } from 'node:child_process';

import { levelAndPitch, monoPcmArgs } from './media';

export interface ToneSample {
  /** Wall-clock ms when this window's audio arrived. */
  at: number;
  rmsDb: number;
  /** Dominant frequency from zero crossings (Hz). */
  frequency: number;
}

const RATE = 8000;
const WINDOW = RATE / 4;

/**
 * Decodes a live stream continuously (ffmpeg → mono 8 kHz PCM) and labels each 0.25 s window with
 * its level and pitch, so a test can wait until a given tone is on air and measure when it arrived.
 */
export class ToneMonitor {
  readonly samples: ToneSample[] = [];
  private readonly child: ChildProcess;
  private pending = Buffer.alloc(0);
  private stderr = '';

  constructor(url: string) {
    this.child = spawn('ffmpeg', monoPcmArgs(url, RATE), { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (chunk: Buffer) => this.consume(chunk));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  get errors(): string {
    return this.stderr;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the wall-clock time of the first window (after `since`) matching `predicate`. */
  async waitFor(
    what: string,
    predicate: (sample: ToneSample) => boolean,
    timeoutMs: number,
    since = 0,
  ): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let checked = 0;
    while (Date.now() < deadline) {
      for (; checked < this.samples.length; checked++) {
        const sample = this.samples[checked];
        if (sample && sample.at >= since && predicate(sample)) return sample.at;
      }
      if (!this.running) throw new Error(`stream decoder stopped while waiting for ${what}: ${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const recent = this.samples
      .slice(-8)
      .map((sample) => `${Math.round(sample.frequency)}Hz/${sample.rmsDb.toFixed(0)}dB`);
    throw new Error(`${what} not heard within ${timeoutMs} ms (last windows: ${recent.join(' ')})`);
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }

  private consume(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    const bytes = WINDOW * 2;
    while (this.pending.length >= bytes) {
      const window = this.pending.subarray(0, bytes);
      this.pending = this.pending.subarray(bytes);
      const pcm = new Int16Array(WINDOW);
      for (let index = 0; index < WINDOW; index++) pcm[index] = window.readInt16LE(index * 2);
      this.samples.push({ at: Date.now(), ...levelAndPitch(pcm, RATE) });
    }
  }
}

/** Is this window one of the native runner's starter tracks (the fallback's 330–550 Hz tones), clearly audible? */
export function isStarterTone(sample: ToneSample): boolean {
  return sample.rmsDb > -40 && sample.frequency > 280 && sample.frequency < 620;
}

/** Is this window a tone near `frequency` (±8 %) and clearly audible? */
export function isTone(frequency: number): (sample: ToneSample) => boolean {
  return (sample) => sample.rmsDb > -40 && Math.abs(sample.frequency - frequency) < frequency * 0.08;
}
