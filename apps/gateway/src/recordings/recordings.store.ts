import { readdir, readFile, rm, stat, statfs } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

import { GATEWAY_ENV, type GatewayEnv } from '@h4k/config';
import { Inject, Injectable, Logger, NotFoundException, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { oggOpusSeconds } from './ogg-opus-duration';
import { type Recording, RECORDING_ID_PATTERN } from './recordings.dto';
import { RECORDINGS_SETTINGS, type RecordingsSettings } from './recordings.settings';

const SWEEP_EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export type RecordingState = 'on' | 'paused' | 'off';

/**
 * data/recordings: `<id>.opus` with `<id>.json` ({dj, show}) beside it, moved there by Liquidsoap when
 * a set ends (`.partial/` holds the one being written and is never listed). Deletes what is older than
 * RECORDINGS_RETENTION_DAYS, at start and hourly.
 */
@Injectable()
export class RecordingsStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RecordingsStore.name);
  readonly dir: string;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    @Inject(GATEWAY_ENV) env: GatewayEnv,
    @Inject(RECORDINGS_SETTINGS) readonly settings: RecordingsSettings,
  ) {
    this.dir = resolve(env.H4K_DATA_DIR, 'recordings');
  }

  onModuleInit(): void {
    void this.sweep();
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  async list(): Promise<Recording[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const ids = names.filter((name) => name.endsWith('.opus')).map((name) => name.slice(0, -'.opus'.length));
    const recordings = await Promise.all(ids.filter((id) => RECORDING_ID_PATTERN.test(id)).map((id) => this.read(id)));
    return recordings
      .filter((recording): recording is Recording => recording !== null)
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id));
  }

  /** The file of a listed recording (for download); 404 when there is none. */
  async file(id: string): Promise<string> {
    const path = this.pathOf(id, '.opus');
    if (!(await stat(path).catch(() => null))?.isFile()) throw notFound(id);
    return path;
  }

  async remove(id: string): Promise<void> {
    const audio = await this.file(id);
    await rm(audio);
    await rm(this.pathOf(id, '.json'), { force: true });
  }

  /** Whether live sets are recorded now; Liquidsoap pauses below the same floor (df, every 10 s). */
  async state(): Promise<{ recording: RecordingState; freeMb: number | null }> {
    const freeMb = await freeMbAt(this.dir).catch(() => null);
    if (!this.settings.RECORDINGS) return { recording: 'off', freeMb };
    const paused = freeMb !== null && freeMb < this.settings.RECORDINGS_MIN_FREE_MB;
    return { recording: paused ? 'paused' : 'on', freeMb };
  }

  /** Deletes recordings that started more than RECORDINGS_RETENTION_DAYS ago; returns their ids. */
  async sweep(now = Date.now()): Promise<string[]> {
    const cutoff = now - this.settings.RECORDINGS_RETENTION_DAYS * DAY_MS;
    const expired = (await this.list()).filter((recording) => Date.parse(recording.startedAt) < cutoff);
    for (const recording of expired) {
      await this.remove(recording.id).catch((error: unknown) =>
        this.logger.warn(`could not delete expired recording ${recording.id}: ${String(error)}`),
      );
    }
    if (expired.length > 0) {
      this.logger.log(
        `deleted ${expired.length} recording(s) older than ${this.settings.RECORDINGS_RETENTION_DAYS} days`,
      );
    }
    return expired.map((recording) => recording.id);
  }

  private async read(id: string): Promise<Recording | null> {
    const match = RECORDING_ID_PATTERN.exec(id);
    if (!match) return null;
    const [, year, month, day, hour, minute, second, djFromName] = match as unknown as string[];
    const audio = this.pathOf(id, '.opus');
    const info = await stat(audio).catch(() => null);
    if (!info?.isFile()) return null;
    const sidecar = await readSidecar(this.pathOf(id, '.json'));
    return {
      id,
      dj: sidecar.dj ?? djFromName ?? '',
      show: sidecar.show,
      startedAt: new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`).toISOString(),
      durationSeconds: await oggOpusSeconds(audio).catch(() => null),
      sizeBytes: info.size,
    };
  }

  /** Only ids the pattern accepts get here; the check that the path stays in the dir is a second lock. */
  private pathOf(id: string, extension: '.opus' | '.json'): string {
    if (!RECORDING_ID_PATTERN.test(id)) throw notFound(id);
    const path = join(this.dir, `${id}${extension}`);
    if (dirname(path) !== this.dir || basename(path) !== `${id}${extension}`) throw notFound(id);
    return path;
  }
}

function notFound(id: string): NotFoundException {
  return new NotFoundException(`no recording ${id}`);
}

async function readSidecar(path: string): Promise<{ dj: string | null; show: string | null }> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    const field = (name: string) => {
      const value = (parsed as Record<string, unknown>)[name];
      return typeof value === 'string' && value.length > 0 ? value.slice(0, 200) : null;
    };
    return { dj: field('dj'), show: field('show') };
  } catch {
    return { dj: null, show: null };
  }
}

async function freeMbAt(path: string): Promise<number> {
  const stats = await statfs(path);
  return Math.floor((stats.bavail * stats.bsize) / (1024 * 1024));
}
