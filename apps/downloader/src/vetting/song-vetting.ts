import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

import { type DownloaderEnv, STATION_ENV } from '@h4k/config';
import { type DownloadSource, type DownloadVetResult, rpcError } from '@h4k/contracts';
import { checkUrlSafety, checkUrlShape, systemResolveAll } from '@h4k/egress-policy';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { SongPipeline } from '../jobs/song-pipeline';
import { SongRefused } from '../jobs/song-refused';
import { AudioTools } from '../transcode/audio-tools';

/**
 * What can be refused before a song is accepted, without downloading anything: so the submitter
 * gets a 4xx at once instead of a `failed` event later. The pipeline checks all of it again.
 */
@Injectable()
export class SongVetting {
  private readonly logger = new Logger(SongVetting.name);

  constructor(
    @Inject(STATION_ENV) private readonly env: DownloaderEnv,
    private readonly pipeline: SongPipeline,
    private readonly audio: AudioTools,
  ) {}

  async vet(source: DownloadSource): Promise<DownloadVetResult> {
    try {
      return source.kind === 'url' ? await this.vetLink(source.url) : await this.vetUpload(source.path);
    } catch (error) {
      if (!(error instanceof SongRefused)) throw error;
      const tooBig = error.message === this.pipeline.tooBig();
      throw rpcError(tooBig ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', error.message);
    }
  }

  private async vetLink(raw: string): Promise<DownloadVetResult> {
    const shape = checkUrlShape(raw);
    if (shape.ok && isPlaylistLink(shape.url)) {
      throw new SongRefused('refused: the link is a playlist; submit one song at a time');
    }
    const verdict = await checkUrlSafety(raw, this.env.DOWNLOAD_ALLOWED_HOSTS, systemResolveAll);
    if (!verdict.ok) {
      if (verdict.detail) this.logger.warn(`vet refused a link: ${verdict.detail}`);
      throw new SongRefused(verdict.reason, verdict.detail);
    }
    return { sourceKey: sourceKeyOf(verdict.url), durationSeconds: null };
  }

  private async vetUpload(path: string): Promise<DownloadVetResult> {
    const real = await this.pipeline.uploadPath(path);
    // The probe carries its own deadline; nothing here cancels it.
    const probe = await this.audio.probe(real, new AbortController().signal);
    if (probe.duration === null) throw new SongRefused('refused: the song has no known duration');
    this.pipeline.checkDuration(probe.duration);
    if ((await stat(real)).size === 0) throw new SongRefused('refused: the file is empty');
    const hash = createHash('sha256');
    await pipeline(createReadStream(real), hash);
    return { sourceKey: `upload:${hash.digest('hex')}`, durationSeconds: probe.duration };
  }
}

const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'music.youtube.com']);

/** Links that name a list and no single song: refused before anything is fetched. */
export function isPlaylistLink(url: URL): boolean {
  if (!YOUTUBE_HOSTS.has(url.hostname.toLowerCase())) return false;
  return url.pathname === '/playlist' || (url.searchParams.has('list') && !url.searchParams.has('v'));
}

/** One waiting copy per song: YouTube links by video id (whatever the host or extra parameters), others as written minus the fragment. */
export function sourceKeyOf(url: URL): string {
  const host = url.hostname.toLowerCase();
  const video =
    host === 'youtu.be'
      ? url.pathname.slice(1).split('/')[0]
      : YOUTUBE_HOSTS.has(host) && url.pathname === '/watch'
        ? url.searchParams.get('v')
        : null;
  if (video) return `youtube:${video}`;
  const normal = new URL(url.href);
  normal.hash = '';
  return normal.href;
}
