import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rename, stat, unlink, utimes } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { promisify } from 'node:util';

import { type QueueEnv, STATION_ENV } from '@h4k/config';
import { rpcError } from '@h4k/contracts';
import { Inject, Injectable } from '@nestjs/common';

const run = promisify(execFile);
const RETAG_TIMEOUT_MS = 60_000;
const QUIET = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'];

export interface Tags {
  title?: string;
  artist?: string;
}

/**
 * The queue service's one use of ffmpeg: rewriting a library file's tags in place, without
 * re-encoding. The copy goes to a hidden temp file in the same dir, then replaces the song in one
 * rename, so MPD (which may be playing it from its open handle) never reads a half-written file.
 */
@Injectable()
export class TagWriter {
  constructor(@Inject(STATION_ENV) private readonly env: QueueEnv) {}

  async write(path: string, tags: Tags): Promise<void> {
    const extension = extname(path);
    const temp = join(dirname(path), `.${basename(path, extension)}.retag-${randomUUID().slice(0, 8)}${extension}`);
    const metadata = Object.entries(tags).flatMap(([key, value]) =>
      // Ogg keeps tags per stream (Vorbis comments), MP3 per file: set both.
      value === undefined ? [] : ['-metadata', `${key}=${value}`, '-metadata:s:a', `${key}=${value}`],
    );
    try {
      await run(this.env.FFMPEG_PATH, [...QUIET, '-i', path, '-map', '0', '-c', 'copy', ...metadata, temp], {
        timeout: RETAG_TIMEOUT_MS,
      });
      const { mtimeMs } = await stat(path);
      // MPD keeps mtimes in whole seconds and refreshes queued songs' tags only when the mtime moved:
      // a retag within the second of the last write must still look newer.
      const modified = Math.max(Date.now() / 1000, Math.floor(mtimeMs / 1000) + 1);
      await utimes(temp, modified, modified);
      await rename(temp, path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw failure(basename(path), this.env.FFMPEG_PATH, error);
    }
  }
}

function failure(file: string, ffmpeg: string, error: unknown) {
  const { code, killed, stderr } = error as { code?: unknown; killed?: boolean; stderr?: string };
  if (code === 'ENOENT') return rpcError('UNAVAILABLE', `ffmpeg not found at ${ffmpeg}`);
  if (killed) return rpcError('UNAVAILABLE', `ffmpeg did not rewrite ${file} within ${RETAG_TIMEOUT_MS / 1000} s`);
  const reason = stderr?.trim().split('\n').pop() ?? String(error);
  return rpcError('BAD_REQUEST', `cannot rewrite the tags of ${file}: ${reason}`);
}
