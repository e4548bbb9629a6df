import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { promisify } from 'node:util';

import { type StationEnv, SYSTEM_YTDLP_PATH } from '@h4k/config';

const run = promisify(execFile);

/** The names the yt-dlp project publishes in every release. */
export const RELEASE_BINARY = 'yt-dlp_linux';
export const RELEASE_SUMS = 'SHA2-256SUMS';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The checksum list is tiny: a server that takes longer is as good as unreachable. */
const SUMS_TIMEOUT_MS = 10_000;
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;
/** The official build is ~35 MB. */
const MAX_BINARY_BYTES = 256 * 1024 * 1024;
const TEMP_PREFIX = '.yt-dlp-download-';

export interface YtdlpInstall {
  /** `${YTDLP_UPDATE_URL}`: where `yt-dlp_linux` and `SHA2-256SUMS` are. */
  releaseUrl: string;
  /** The installed binary (the downloader's data-dir build). */
  target: string;
  /** Owner of the binary and its folder (root, when the runner is): the services may run it, not change it. */
  owner?: { uid: number; gid: number };
  /** Who tries the new build before it replaces the old one (the service user, when there is one). */
  tryAs?: { uid: number; gid: number };
}

export type YtdlpUpdate =
  { outcome: 'installed'; version: string } | { outcome: 'current' } | { outcome: 'failed'; reason: string };

/**
 * Installs the release's `yt-dlp_linux` at `target` when it is not the one already there: only if
 * its SHA-256 is the one the release lists, only once it runs, and atomically (a temp file in the
 * same folder, renamed over the old one), so a failure at any step leaves the previous build.
 */
export async function updateYtdlp(install: YtdlpInstall): Promise<YtdlpUpdate> {
  const dir = dirname(install.target);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  if (install.owner) chownSync(dir, install.owner.uid, install.owner.gid);
  chmodSync(dir, 0o755);
  const temp = join(dir, `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`);
  try {
    const expected = expectedDigest(await fetchText(`${install.releaseUrl}/${RELEASE_SUMS}`), RELEASE_BINARY);
    if (existsSync(install.target) && (await sha256Of(install.target)) === expected) return { outcome: 'current' };
    const actual = await download(`${install.releaseUrl}/${RELEASE_BINARY}`, temp);
    if (actual !== expected) {
      throw new Error(`${RELEASE_BINARY} does not match ${RELEASE_SUMS} (got sha256 ${actual}, listed ${expected})`);
    }
    if (install.owner) chownSync(temp, install.owner.uid, install.owner.gid);
    chmodSync(temp, 0o755);
    const version = await versionOf(temp, install.tryAs);
    renameSync(temp, install.target);
    return { outcome: 'installed', version };
  } catch (error) {
    return { outcome: 'failed', reason: reasonOf(error) };
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * The runner's part of YTDLP_AUTO_UPDATE: an update now (in the background: the start never waits
 * on the network) and one a day. Nothing when YTDLP_PATH pins a binary or updates are off.
 */
export function keepYtdlpCurrent(
  env: Pick<StationEnv, 'YTDLP_PATH' | 'YTDLP_AUTO_UPDATE'>,
  install: YtdlpInstall,
  log: (line: string) => void,
  everyMs = DAY_MS,
): { stop(): void; first: Promise<void> } | undefined {
  if (env.YTDLP_PATH) {
    log(`yt-dlp: pinned to ${env.YTDLP_PATH} (YTDLP_PATH), no automatic updates`);
    return undefined;
  }
  if (!env.YTDLP_AUTO_UPDATE) {
    log(`yt-dlp: automatic updates off (YTDLP_AUTO_UPDATE=false); the downloader runs ${fallbackOf(install)}`);
    return undefined;
  }
  removeStaleDownloads(dirname(install.target));
  let running: Promise<void> | undefined;
  const check = (): Promise<void> =>
    (running ??= updateYtdlp(install)
      .then((result) => log(describe(result, install)))
      .finally(() => (running = undefined)));
  const first = check();
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), first };
}

function describe(result: YtdlpUpdate, install: YtdlpInstall): string {
  switch (result.outcome) {
    case 'installed':
      return `yt-dlp: installed ${result.version} as ${install.target} (the downloader runs it from its next job)`;
    case 'current':
      return `yt-dlp: ${install.target} is the latest release`;
    case 'failed':
      return `yt-dlp: update failed (${result.reason}); the downloader runs ${fallbackOf(install)}`;
  }
}

function fallbackOf(install: YtdlpInstall): string {
  return existsSync(install.target) ? `the build already in ${install.target}` : `Debian's ${SYSTEM_YTDLP_PATH}`;
}

/** The line `<sha256>  yt-dlp_linux` (sha256sum's format; `*` marks binary mode). */
export function expectedDigest(sums: string, file: string): string {
  for (const line of sums.split('\n')) {
    const match = /^([0-9a-fA-F]{64}) [ *](.+?)\s*$/.exec(line);
    if (match?.[1] && match[2] === file) return match[1].toLowerCase();
  }
  throw new Error(`${RELEASE_SUMS} has no line for ${file}`);
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(SUMS_TIMEOUT_MS) });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`${url} answered HTTP ${response.status}`);
  }
  const text = await response.text();
  if (text.length > 1024 * 1024) throw new Error(`${url} is not a checksum list (over 1 MiB)`);
  return text;
}

/** Streams `url` into a new file only this process can touch; resolves with its SHA-256. */
async function download(url: string, file: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new Error(`${url} answered HTTP ${response.status}`);
  }
  const hash = createHash('sha256');
  let bytes = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > MAX_BINARY_BYTES) return done(new Error(`${url} is larger than ${MAX_BINARY_BYTES} bytes`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(
    Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
    hashing,
    createWriteStream(file, { flags: 'wx', mode: 0o600 }),
  );
  return hash.digest('hex');
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** A build that does not print a version is no better than a failed download. */
async function versionOf(binary: string, as: { uid: number; gid: number } | undefined): Promise<string> {
  const { stdout } = await run(binary, ['--no-config', '--version'], { timeout: 60_000, ...as });
  const version = stdout.trim().split('\n')[0] ?? '';
  if (!/^\d{4}\.\d{2}\.\d{2}/.test(version))
    throw new Error(`the new build printed no version: ${stdout.slice(0, 200)}`);
  return version;
}

/** A runner stopped mid-download leaves its temp file behind. */
function removeStaleDownloads(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) if (name.startsWith(TEMP_PREFIX)) rmSync(join(dir, name), { force: true });
}

function reasonOf(error: unknown): string {
  // Duck-typed: fetch's errors come from another realm under jest, and say only "fetch failed";
  // the reason (ECONNREFUSED, a DNS failure…) is their cause.
  const { name, message, cause } = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    message?: unknown;
    cause?: { message?: unknown };
  };
  if (typeof message !== 'string') return String(error);
  const why = typeof cause?.message === 'string' ? `: ${cause.message}` : '';
  return `${name === 'TimeoutError' ? 'no answer in time' : message}${why}`;
}
