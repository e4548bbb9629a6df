import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { type DownloaderEnv, STATION_ENV } from '@h4k/config';
import type { DependencyHealth } from '@h4k/contracts';
import { Inject, Injectable } from '@nestjs/common';

import { describeYtdlp, YtdlpBinaries } from '../fetch/ytdlp-binary';

const run = promisify(execFile);

/** The external programs the downloader spawns: yt-dlp, ffmpeg, ffprobe. */
@Injectable()
export class MediaTools {
  constructor(
    @Inject(STATION_ENV) private readonly env: DownloaderEnv,
    private readonly ytdlp: YtdlpBinaries,
  ) {}

  probeAll(): Promise<DependencyHealth[]> {
    return Promise.all([
      this.ytdlpHealth(),
      this.probe('ffmpeg', this.env.FFMPEG_PATH, ['-hide_banner', '-version']),
      this.probe('ffprobe', this.env.FFPROBE_PATH, ['-hide_banner', '-version']),
    ]);
  }

  /** The version in use and where it came from (the data-dir build, Debian's, or a pinned path). */
  private async ytdlpHealth(): Promise<DependencyHealth> {
    const binary = await this.ytdlp.current();
    return { name: 'yt-dlp', up: binary.version !== undefined, detail: describeYtdlp(binary) };
  }

  private async probe(name: string, path: string, args: string[]): Promise<DependencyHealth> {
    try {
      const { stdout } = await run(path, args, { timeout: 5000 });
      return { name, up: true, detail: stdout.split('\n')[0]?.trim() };
    } catch (error) {
      return {
        name,
        up: false,
        detail: `${path}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
}
