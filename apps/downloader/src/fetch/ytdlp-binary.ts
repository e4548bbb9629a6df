import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { promisify } from 'node:util';

import { type DownloaderEnv, STATION_ENV, SYSTEM_YTDLP_PATH, ytdlpBuildPath } from '@h4k/config';
import { Inject, Injectable } from '@nestjs/common';

const run = promisify(execFile);

/** Where the yt-dlp in use came from: YTDLP_PATH, the runner's data-dir build, or Debian's package. */
export type YtdlpSource = 'pinned' | 'data-dir' | 'debian';

export interface YtdlpBinary {
  path: string;
  source: YtdlpSource;
  /** What `--version` printed; undefined when the binary did not run. */
  version: string | undefined;
  /** Knows `--js-runtimes` (2025.11 and later): it then runs YouTube's player code in Node. */
  jsRuntimes: boolean;
  /** Why it could not be read, when it could not. */
  problem?: string;
}

const SOURCE_NAMES: Record<YtdlpSource, string> = {
  pinned: 'pinned by YTDLP_PATH',
  'data-dir': 'data-dir build',
  debian: 'Debian package',
};

/** "2025.11.12 (data-dir build, /srv/h4k/bin/yt-dlp)": what /health shows the admin. */
export function describeYtdlp(binary: YtdlpBinary): string {
  const where = `${SOURCE_NAMES[binary.source]}, ${binary.path}`;
  return binary.version ? `${binary.version} (${where})` : `${where}: ${binary.problem ?? 'did not run'}`;
}

/**
 * Which yt-dlp the downloader runs: YTDLP_PATH when set, else the build the runner keeps in the data
 * dir, else Debian's. Each binary is asked its version and options once; the runner replacing the
 * data-dir build (a new file renamed over the old) is seen at the next job, without a restart.
 */
@Injectable()
export class YtdlpBinaries {
  private known: { key: string; binary: Promise<YtdlpBinary> } | undefined;

  constructor(@Inject(STATION_ENV) private readonly env: DownloaderEnv) {}

  current(): Promise<YtdlpBinary> {
    const { path, source } = this.choose();
    const key = `${path}:${fileIdentity(path)}`;
    if (this.known?.key !== key) {
      const binary = inspect(path, source).then((found) => {
        // A binary that did not answer (a loaded box, a half-written file) is asked again next time.
        if (!found.version && this.known?.key === key) this.known = undefined;
        return found;
      });
      this.known = { key, binary };
    }
    return this.known.binary;
  }

  private choose(): { path: string; source: YtdlpSource } {
    if (this.env.YTDLP_PATH) return { path: this.env.YTDLP_PATH, source: 'pinned' };
    const build = ytdlpBuildPath(this.env);
    try {
      accessSync(build, constants.X_OK);
      return { path: build, source: 'data-dir' };
    } catch {
      return { path: SYSTEM_YTDLP_PATH, source: 'debian' };
    }
  }
}

function fileIdentity(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

async function inspect(path: string, source: YtdlpSource): Promise<YtdlpBinary> {
  // The official build unpacks itself at every start (~1 s): both questions at once.
  const [version, help] = await Promise.allSettled([
    run(path, ['--no-config', '--version'], { timeout: 30_000 }),
    run(path, ['--no-config', '--help'], { timeout: 30_000, maxBuffer: 4 * 1024 * 1024 }),
  ]);
  if (version.status === 'rejected') {
    const reason: unknown = version.reason;
    return {
      path,
      source,
      version: undefined,
      jsRuntimes: false,
      problem: reason instanceof Error ? reason.message : String(reason),
    };
  }
  return {
    path,
    source,
    version: version.value.stdout.trim().split('\n')[0],
    jsRuntimes: help.status === 'fulfilled' && /^\s*--js-runtimes\b/m.test(help.value.stdout),
  };
}
