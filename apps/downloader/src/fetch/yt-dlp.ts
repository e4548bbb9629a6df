import { STATION_ENV, type StationEnv } from '@h4k/config';
import { Inject, Injectable } from '@nestjs/common';
import type { ChildProcess } from 'node:child_process';
import { create, type Flags } from 'youtube-dl-exec';
import { SongRefused } from '../jobs/song-refused';
import { groupSpawnOptions, waitForTool, type ToolResult } from '../tools/run-tool';

export interface SourceInfo {
  isPlaylist: boolean;
  isLive: boolean;
  /** Seconds, or null when the site does not say (direct media links). */
  duration: number | null;
  title: string | null;
  artist: string | null;
}

interface YtDlpInfo {
  _type?: string;
  is_live?: boolean | null;
  live_status?: string | null;
  duration?: number | null;
  title?: string | null;
  track?: string | null;
  artist?: string | null;
  creator?: string | null;
}

/** `noConfig` and `progress` are real yt-dlp options the bundled typings lack. */
type YtDlpFlags = Flags & { noConfig?: boolean; progress?: boolean };

/** The only code that runs yt-dlp. Every call: `--no-config`, `--no-playlist`, and the URL after `--`. */
@Injectable()
export class YtDlp {
  private readonly ytdlp: ReturnType<typeof create>;

  constructor(@Inject(STATION_ENV) private readonly env: StationEnv) {
    this.ytdlp = create(env.YTDLP_PATH);
  }

  async probe(url: string, signal: AbortSignal): Promise<SourceInfo> {
    const result = await this.run(url, { ...this.baseFlags(), dumpSingleJson: true, skipDownload: true }, signal);
    if (result.code !== 0) throw new SongRefused(`refused: the link could not be read (${lastError(result)})`);
    let info: YtDlpInfo;
    try {
      info = JSON.parse(result.stdout) as YtDlpInfo;
    } catch {
      throw new SongRefused('refused: the link could not be read');
    }
    return {
      isPlaylist: info._type === 'playlist' || info._type === 'multi_video',
      isLive: info.is_live === true || info.live_status === 'is_live' || info.live_status === 'is_upcoming',
      duration: typeof info.duration === 'number' ? info.duration : null,
      title: info.track ?? info.title ?? null,
      artist: info.artist ?? info.creator ?? null,
    };
  }

  /** Downloads the best audio into `dir` as `source.<ext>`; `onPercent` gets yt-dlp's own progress. */
  async download(url: string, dir: string, signal: AbortSignal, onPercent: (percent: number) => void): Promise<void> {
    const flags: YtDlpFlags = {
      ...this.baseFlags(),
      format: 'bestaudio/best',
      maxFilesize: String(this.env.MAX_DOWNLOAD_BYTES),
      matchFilter: '!is_live',
      output: `${dir}/source.%(ext)s`,
      newline: true,
      progress: true,
      noMtime: true,
    };
    const result = await this.run(url, flags, signal, (line) => {
      const match = /^\[download\]\s+([\d.]+)%/.exec(line);
      if (match?.[1]) onPercent(Number(match[1]));
    });
    if (result.code !== 0) throw new SongRefused(`refused: the download failed (${lastError(result)})`);
  }

  private baseFlags(): YtDlpFlags {
    return {
      noConfig: true,
      noPlaylist: true,
      noCacheDir: true,
      socketTimeout: 20,
      noWarnings: true,
    };
  }

  private run(
    url: string,
    flags: YtDlpFlags,
    signal: AbortSignal,
    onLine?: (line: string) => void,
  ): Promise<ToolResult> {
    // reject:false: the exit code is read here; abort and errors still come through waitForTool.
    const child = this.ytdlp.exec(url, flags, {
      ...groupSpawnOptions,
      reject: false,
    } as typeof groupSpawnOptions) as unknown as ChildProcess & Promise<unknown>;
    child.catch(() => undefined);
    return waitForTool(child, { signal, onLine });
  }
}

function lastError(result: ToolResult): string {
  const line = result.stderr
    .split('\n')
    .map((text) => text.trim())
    .filter((text) => text.startsWith('ERROR'))
    .pop();
  return (line ?? `exit ${result.code}`).replace(/^ERROR:\s*/, '').slice(0, 200);
}
