import type { ChildProcess } from 'node:child_process';

import { type DownloaderEnv, STATION_ENV } from '@h4k/config';
import { Inject, Injectable } from '@nestjs/common';
import { create, type Flags } from 'youtube-dl-exec';

import { SongRefused } from '../jobs/song-refused';
import { groupSpawnOptions, ToolLimitExceeded, type ToolResult, waitForTool } from '../tools/run-tool';
import { YtdlpBinaries } from './ytdlp-binary';

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

/** `noConfig`, `progress`, `downloader` and `jsRuntimes` are real yt-dlp options the bundled typings lack. */
type YtDlpFlags = Flags & { noConfig?: boolean; progress?: boolean; downloader?: string; jsRuntimes?: string };

/**
 * yt-dlp may not run ffmpeg: ffmpeg would open HLS/DASH URLs itself, around the egress proxy, and
 * its fixups would probe downloaded bytes with every demuxer. A path that can never exist
 * (`/dev/null` is not a directory) makes yt-dlp continue without it.
 */
const NO_FFMPEG = '/dev/null/no-ffmpeg';

/** The most yt-dlp may print (the JSON of a page with many formats is large, never this large). */
const MAX_YTDLP_STDOUT_BYTES = 16 * 1024 * 1024;

export function downloadTooSlow(seconds: number): string {
  return `refused: the download took longer than ${seconds} s`;
}

/**
 * The only code that runs yt-dlp. Every call: `--no-config`, `--no-playlist`, the URL after `--`,
 * every request through the egress proxy of the job's session, native downloaders only.
 */
@Injectable()
export class YtDlp {
  constructor(
    @Inject(STATION_ENV) private readonly env: DownloaderEnv,
    private readonly binaries: YtdlpBinaries,
  ) {}

  async probe(url: string, proxyUrl: string, signal: AbortSignal): Promise<SourceInfo> {
    const flags = { ...this.baseFlags(), dumpSingleJson: true, skipDownload: true };
    const result = await this.run(url, proxyUrl, flags, signal);
    if (result.code !== 0) throw readFailure('the link could not be read', result);
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
  async download(
    url: string,
    dir: string,
    proxyUrl: string,
    signal: AbortSignal,
    onPercent: (percent: number) => void,
  ): Promise<void> {
    const flags: YtDlpFlags = {
      ...this.baseFlags(),
      format: 'bestaudio/best',
      matchFilter: '!is_live',
      output: `${dir}/source.%(ext)s`,
      newline: true,
      progress: true,
      noMtime: true,
    };
    const result = await this.run(url, proxyUrl, flags, signal, (line) => {
      const match = /^\[download\]\s+([\d.]+)%/.exec(line);
      if (match?.[1]) onPercent(Number(match[1]));
    });
    if (result.code !== 0) throw readFailure('the download failed', result);
  }

  private baseFlags(): YtDlpFlags {
    return {
      noConfig: true,
      noPlaylist: true,
      noCacheDir: true,
      socketTimeout: 20,
      noWarnings: true,
      downloader: 'native',
      ffmpegLocation: NO_FFMPEG,
      fixup: 'never',
      maxFilesize: String(this.env.MAX_DOWNLOAD_BYTES),
    };
  }

  private async run(
    url: string,
    proxyUrl: string,
    flags: YtDlpFlags,
    signal: AbortSignal,
    onLine?: (line: string) => void,
  ): Promise<ToolResult> {
    const binary = await this.binaries.current();
    // YouTube's player challenges need a JavaScript runtime: this very Node, by path (not whatever
    // PATH holds). Builds before 2025.11 refuse the option.
    const runtime: YtDlpFlags = binary.jsRuntimes ? { jsRuntimes: `node:${process.execPath}` } : {};
    // reject:false: the exit code is read here; abort and errors still come through waitForTool.
    const child = create(binary.path).exec(url, { ...flags, ...runtime }, {
      ...groupSpawnOptions,
      env: { ...process.env, ...proxyEnvironment(proxyUrl) },
      reject: false,
    } as typeof groupSpawnOptions) as unknown as ChildProcess & Promise<unknown>;
    child.catch(() => undefined);
    const deadlineSeconds = this.env.DOWNLOAD_TIMEOUT_SECONDS;
    return waitForTool(child, {
      signal,
      onLine,
      deadlineMs: deadlineSeconds * 1000,
      maxStdoutBytes: MAX_YTDLP_STDOUT_BYTES,
    }).catch((error: unknown) => {
      if (error instanceof ToolLimitExceeded) {
        throw new SongRefused(
          error.limit === 'deadline' ? downloadTooSlow(deadlineSeconds) : 'refused: the link could not be read',
        );
      }
      throw error;
    });
  }
}

/**
 * The proxy as yt-dlp's environment, not `--proxy`: `--proxy` covers http and https only, and
 * urllib follows an HTTP redirect to `ftp://` with its own FTP client, straight to the address.
 * From the environment ftp goes to the proxy too (which refuses it). An empty no_proxy: an
 * operator's `NO_PROXY=127.0.0.1,localhost` would otherwise send those hosts around the proxy.
 */
function proxyEnvironment(proxyUrl: string): Record<string, string> {
  const variables: Record<string, string> = { no_proxy: '', NO_PROXY: '', all_proxy: '', ALL_PROXY: '' };
  for (const scheme of ['http', 'https', 'ftp']) {
    variables[`${scheme}_proxy`] = proxyUrl;
    variables[`${scheme.toUpperCase()}_PROXY`] = proxyUrl;
  }
  return variables;
}

/**
 * The submitter sees what went wrong in a few fixed words (an HTTP status at most); yt-dlp's own
 * line, which can quote what a server answered, goes to the log and the admin only.
 */
function readFailure(what: string, result: ToolResult): SongRefused {
  const line = result.stderr
    .split('\n')
    .map((text) => text.trim())
    .filter((text) => text.startsWith('ERROR'))
    .pop();
  const detail = (line ?? `exit ${result.code}`).replace(/^ERROR:\s*/, '').slice(0, 300);
  const status = /HTTP Error (\d{3})/.exec(detail)?.[1];
  const hint = status ? ` (HTTP ${status})` : /Unsupported URL/.test(detail) ? ' (no song found at the link)' : '';
  return new SongRefused(`refused: ${what}${hint}`, `yt-dlp: ${detail}`);
}
