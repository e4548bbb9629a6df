import { type ChildProcess, spawn } from 'node:child_process';

import { monoPcmArgs } from './media';

/**
 * Hears a stream like a listener (ffmpeg → mono 16-bit PCM at `rate`) and turns each window of
 * `windowSamples` into what a test measures (`read`: tone levels, loudness), kept in arrival order
 * with the wall-clock ms it arrived at.
 */
export class PcmWindows<T> {
  readonly windows: (T & { at: number })[] = [];
  private readonly decoder: ChildProcess;
  private pending = Buffer.alloc(0);

  constructor(
    url: string,
    rate: number,
    private readonly windowSamples: number,
    private readonly read: (pcm: Float64Array) => T,
  ) {
    this.decoder = spawn('ffmpeg', monoPcmArgs(url, rate), { stdio: ['ignore', 'pipe', 'ignore'] });
    this.decoder.stdout?.on('data', (chunk: Buffer) => this.consume(chunk));
  }

  stop(): void {
    this.decoder.kill('SIGKILL');
  }

  private consume(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= this.windowSamples * 2) {
      const pcm = new Float64Array(this.windowSamples);
      for (let index = 0; index < this.windowSamples; index++) pcm[index] = this.pending.readInt16LE(index * 2) / 32768;
      this.pending = this.pending.subarray(this.windowSamples * 2);
      this.windows.push({ at: Date.now(), ...this.read(pcm) });
    }
  }
}

/** A window's loudness as RMS dBFS (digital silence reads −120). */
export function rmsDb(pcm: Float64Array): number {
  let sum = 0;
  for (const sample of pcm) sum += sample * sample;
  return 10 * Math.log10(Math.max(sum / pcm.length, 1e-12));
}
