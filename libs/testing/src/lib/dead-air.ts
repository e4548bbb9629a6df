import { type ChildProcess, spawn } from 'node:child_process';
import { type ClientRequest, get } from 'node:http';

import { levelAndPitch } from './media';

/** One stretch a listener would notice: audio below the threshold, no bytes at all, or the stream ending. */
export interface DeadAirEvent {
  kind: 'silence' | 'no-bytes' | 'ended';
  /** Wall-clock ms when it started (for silence: when its first window arrived). */
  at: number;
  seconds: number;
  /** What the caller said was on air when it started. */
  tier?: string;
}

export interface DeadAirOptions {
  /** Below this RMS level (dBFS) a window is silence; digital silence (−∞ dB) counts as −120. */
  thresholdDb?: number;
  /** Silence runs longer than this are reported. */
  minSilenceMs?: number;
  /** Gaps between arriving bytes longer than this are reported. */
  maxByteGapMs?: number;
  /** Tells which tier is on air right now (e.g. from the now-playing SSE), to label each event. */
  tierOnAir?: () => string | undefined;
  /** Reconnect like a player when the stream ends (the end is still reported). */
  reconnect?: boolean;
}

const RATE = 8000;
/** 50 ms windows, so a run's length is known to 50 ms; the brief's 0.25 s windows are five of them. */
const WINDOW_SAMPLES = RATE / 20;
const WINDOW_MS = 50;

/**
 * Listens to a stream as a listener does: one HTTP connection whose byte arrivals are timed, the
 * same bytes decoded by ffmpeg to mono PCM, and every silence run and byte gap reported with the
 * tier that was on air. Used by the dead-air tests and `bench/`.
 */
export class DeadAirDetector {
  readonly events: DeadAirEvent[] = [];
  /** Level of every 50 ms window, with its arrival time. */
  readonly windows: { at: number; rmsDb: number; frequency: number }[] = [];
  bytes = 0;
  private request: ClientRequest | undefined;
  private decoder: ChildProcess | undefined;
  private pending = Buffer.alloc(0);
  private lastByteAt = 0;
  private silenceStart: { at: number; windows: number; tier?: string } | undefined;
  private stopped = false;
  private readonly options: Required<Omit<DeadAirOptions, 'tierOnAir'>> & Pick<DeadAirOptions, 'tierOnAir'>;

  constructor(
    private readonly url: string,
    options: DeadAirOptions = {},
  ) {
    this.options = { thresholdDb: -50, minSilenceMs: 250, maxByteGapMs: 1000, reconnect: false, ...options };
    this.connect();
  }

  /** Waits until `ms` of audio windows have arrived after `since` (wall clock), or throws. */
  async waitForAudio(ms: number, timeoutMs: number, since = Date.now()): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.windows.filter((window) => window.at >= since).length * WINDOW_MS >= ms) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${ms} ms of audio from ${this.url} did not arrive within ${timeoutMs} ms`);
  }

  /** Events that started at or after `since` (wall clock), in the order they were recorded. */
  eventsSince(since: number): DeadAirEvent[] {
    return this.events.filter((event) => event.at >= since);
  }

  stop(): DeadAirEvent[] {
    this.stopped = true;
    this.closeSilence();
    this.recordGap(Date.now());
    this.request?.destroy();
    this.decoder?.kill('SIGKILL');
    return this.events;
  }

  private connect(): void {
    this.decoder?.kill('SIGKILL');
    const decoder = spawn(
      'ffmpeg',
      [
        '-hide_banner',
        '-nostdin',
        '-loglevel',
        'error',
        '-i',
        'pipe:0',
        '-ac',
        '1',
        '-ar',
        String(RATE),
        '-f',
        's16le',
        '-',
      ],
      { stdio: ['pipe', 'pipe', 'ignore'] },
    );
    decoder.stdin.on('error', () => undefined);
    decoder.stdout.on('data', (chunk: Buffer) => this.decode(chunk));
    this.decoder = decoder;
    this.pending = Buffer.alloc(0);
    const connectedAt = Date.now();
    this.lastByteAt = connectedAt;
    this.request = get(this.url, (response) => {
      response.on('data', (chunk: Buffer) => {
        const now = Date.now();
        this.recordGap(now);
        this.lastByteAt = now;
        this.bytes += chunk.length;
        decoder.stdin.write(chunk);
      });
      response.on('end', () => this.ended(connectedAt));
      response.on('error', () => this.ended(connectedAt));
    });
    this.request.on('error', () => this.ended(connectedAt));
  }

  private ended(connectedAt: number): void {
    if (this.stopped) return;
    const now = Date.now();
    this.events.push({ kind: 'ended', at: now, seconds: (now - connectedAt) / 1000, tier: this.options.tierOnAir?.() });
    this.decoder?.stdin?.end();
    if (this.options.reconnect) setTimeout(() => !this.stopped && this.connect(), 100);
  }

  private recordGap(now: number): void {
    const gap = now - this.lastByteAt;
    if (this.lastByteAt > 0 && gap > this.options.maxByteGapMs) {
      this.events.push({
        kind: 'no-bytes',
        at: this.lastByteAt,
        seconds: gap / 1000,
        tier: this.options.tierOnAir?.(),
      });
    }
  }

  private decode(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    const bytes = WINDOW_SAMPLES * 2;
    while (this.pending.length >= bytes) {
      const pcm = new Int16Array(WINDOW_SAMPLES);
      for (let index = 0; index < WINDOW_SAMPLES; index++) pcm[index] = this.pending.readInt16LE(index * 2);
      this.pending = this.pending.subarray(bytes);
      const window = { at: Date.now(), ...levelAndPitch(pcm, RATE) };
      this.windows.push(window);
      if (window.rmsDb < this.options.thresholdDb) {
        this.silenceStart ??= { at: window.at, windows: 0, tier: this.options.tierOnAir?.() };
        this.silenceStart.windows++;
      } else this.closeSilence();
    }
  }

  private closeSilence(): void {
    const run = this.silenceStart;
    this.silenceStart = undefined;
    if (run && run.windows * WINDOW_MS > this.options.minSilenceMs) {
      this.events.push({ kind: 'silence', at: run.at, seconds: (run.windows * WINDOW_MS) / 1000, tier: run.tier });
    }
  }
}
