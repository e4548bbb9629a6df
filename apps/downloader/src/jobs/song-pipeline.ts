import { mkdir, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';

import { dataDirs, type DownloaderEnv, STATION_ENV } from '@h4k/config';
import { DOWNLOAD_UPLOADS_SUBDIR, type DownloadJob, type SongEvent } from '@h4k/contracts';
import { checkUrlSafety, REFUSED_ADDRESS_REASON, systemResolveAll } from '@h4k/egress-policy';
import { Inject, Injectable } from '@nestjs/common';

import { EgressGuard } from '../egress/egress-guard';
import { downloadTooSlow, type SourceInfo, YtDlp } from '../fetch/yt-dlp';
import { AudioTools } from '../transcode/audio-tools';
import { SongRefused } from './song-refused';

export type Report = (event: Omit<SongEvent, 'id' | 'target' | 'owner'>) => void;

/** How often the download dir is measured against MAX_DOWNLOAD_BYTES (yt-dlp cannot when the size is unknown). */
const SIZE_WATCH_MS = 250;

/**
 * One song from link or upload to `${H4K_DATA_DIR}/music/<target>/<id>.ogg`. Everything is
 * written in a per-job temp dir on the same filesystem, then renamed into place in one step;
 * the temp dir is removed whatever happens, so a music dir never holds a half-written file.
 */
@Injectable()
export class SongPipeline {
  constructor(
    @Inject(STATION_ENV) private readonly env: DownloaderEnv,
    private readonly ytdlp: YtDlp,
    private readonly audio: AudioTools,
    private readonly egress: EgressGuard,
  ) {}

  musicDir(target: DownloadJob['target']): string {
    const dirs = dataDirs(this.env.H4K_DATA_DIR);
    return target === 'user' ? dirs.musicUser : dirs.musicFallback;
  }

  workDir(id: string): string {
    return resolve(dataDirs(this.env.H4K_DATA_DIR).tmp, 'downloads', id);
  }

  uploadsDir(): string {
    return resolve(this.env.H4K_DATA_DIR, DOWNLOAD_UPLOADS_SUBDIR);
  }

  /** Returns the final path. Throws `SongRefused` with a reason for the submitter, or the abort reason. */
  async run(job: DownloadJob, signal: AbortSignal, report: Report): Promise<string> {
    const work = this.workDir(job.id);
    await mkdir(work, { recursive: true });
    await mkdir(this.musicDir(job.target), { recursive: true });
    // The queue's host's path: on a downloader host the music dir can be a link to the shared volume.
    const musicDir = await realpath(this.musicDir(job.target));
    try {
      let input: string;
      let sourceTitle: string | null = null;
      let sourceArtist: string | null = null;
      if (job.source.kind === 'url') {
        const fetched = await this.fetch(job.id, job.source.url, work, signal, report);
        input = fetched.path;
        sourceTitle = fetched.title;
        sourceArtist = fetched.artist;
      } else {
        input = await this.uploadPath(job.source.path);
      }
      signal.throwIfAborted();
      report({ status: 'processing', percent: 0 });
      const probe = await this.audio.probe(input, signal);
      if (probe.duration === null) throw new SongRefused('refused: the song has no known duration (live stream?)');
      // A header may only refuse: a long claim is believed, a short one is checked by decoding.
      this.checkDuration(probe.duration);
      // In the music dir itself (hidden from MPD by the dot), so the final rename never crosses filesystems.
      const part = join(musicDir, `.${job.id}.ogg.part`);
      let lastPercent = 0;
      await this.audio.ingest(
        {
          input: probe,
          encoded: join(work, 'encoded.ogg'),
          output: part,
          title: job.title ?? probe.title ?? sourceTitle,
          artist: job.artist ?? probe.artist ?? sourceArtist,
        },
        signal,
        (percent) => {
          if (percent - lastPercent < 10) return;
          lastPercent = percent;
          report({ status: 'processing', percent: Math.round(percent) });
        },
      );
      signal.throwIfAborted();
      const file = join(musicDir, `${job.id}.ogg`);
      await rename(part, file);
      return file;
    } finally {
      await rm(join(musicDir, `.${job.id}.ogg.part`), { force: true });
      await rm(work, { recursive: true, force: true });
      if (job.source.kind === 'file') await this.removeUpload(job.source.path);
    }
  }

  private async fetch(
    id: string,
    url: string,
    work: string,
    signal: AbortSignal,
    report: Report,
  ): Promise<{ path: string; title: string | null; artist: string | null }> {
    const verdict = await checkUrlSafety(url, this.env.DOWNLOAD_ALLOWED_HOSTS, systemResolveAll);
    if (!verdict.ok) throw new SongRefused(verdict.reason, verdict.detail);
    report({ status: 'downloading', percent: 0 });
    const oversize = new AbortController();
    const deadline = AbortSignal.timeout(this.env.DOWNLOAD_TIMEOUT_SECONDS * 1000);
    const limited = AbortSignal.any([signal, oversize.signal, deadline]);
    const watch = setInterval(() => {
      void dirBytes(work).then((bytes) => {
        if (bytes > this.env.MAX_DOWNLOAD_BYTES) oversize.abort(new SongRefused(this.tooBig()));
      });
    }, SIZE_WATCH_MS);
    const session = this.egress.openSession(`job ${id}`);
    let info: SourceInfo;
    let lastPercent = 0;
    try {
      info = await this.ytdlp.probe(verdict.url.href, session.proxyUrl, limited);
      if (info.isPlaylist) throw new SongRefused('refused: the link is a playlist; submit one song at a time');
      if (info.isLive) throw new SongRefused('refused: live streams cannot be submitted');
      if (info.duration !== null) this.checkDuration(info.duration);
      await this.ytdlp.download(verdict.url.href, work, session.proxyUrl, limited, (percent) => {
        if (percent - lastPercent < 5 && percent < 100) return;
        lastPercent = percent;
        report({ status: 'downloading', percent: Math.round(percent) });
      });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (session.refusals.length > 0) throw this.ledInside(session.refusals);
      if (oversize.signal.aborted) throw oversize.signal.reason;
      if (deadline.aborted) throw new SongRefused(downloadTooSlow(this.env.DOWNLOAD_TIMEOUT_SECONDS));
      throw error;
    } finally {
      clearInterval(watch);
      session.close();
    }
    // A link that tried to reach inside is refused even when yt-dlp found something else to fetch.
    if (session.refusals.length > 0) throw this.ledInside(session.refusals);
    // yt-dlp skips a file over --max-filesize and still exits 0.
    const names = (await readdir(work)).filter((name) => name.startsWith('source.') && !name.endsWith('.part'));
    const name = names[0];
    if (!name) throw new SongRefused(this.tooBig());
    return { path: join(work, name), title: info.title, artist: info.artist };
  }

  private ledInside(refusals: readonly string[]): SongRefused {
    return new SongRefused(REFUSED_ADDRESS_REASON, `egress refused ${refusals.join('; ')}`);
  }

  checkDuration(seconds: number): void {
    if (seconds > this.env.MAX_SONG_SECONDS) {
      throw new SongRefused(
        `refused: the song is ${Math.round(seconds)} s long; the limit is ${this.env.MAX_SONG_SECONDS} s`,
      );
    }
  }

  tooBig(): string {
    return `refused: the file is larger than ${Math.round(this.env.MAX_DOWNLOAD_BYTES / 1024 / 1024)} MiB`;
  }

  /** An upload must be a file the gateway wrote under the uploads dir; anything else is refused. */
  async uploadPath(path: string): Promise<string> {
    const root = await realpath(this.uploadsDir()).catch(() => this.uploadsDir());
    const real = await realpath(path).catch(() => {
      throw new SongRefused('refused: the uploaded file is missing');
    });
    if (!real.startsWith(root + sep)) throw new SongRefused('refused: the upload is not in the uploads dir');
    const info = await stat(real);
    if (!info.isFile()) throw new SongRefused('refused: the upload is not a file');
    if (info.size > this.env.MAX_DOWNLOAD_BYTES) throw new SongRefused(this.tooBig());
    return real;
  }

  private async removeUpload(path: string): Promise<void> {
    const root = this.uploadsDir();
    if (resolve(path).startsWith(root + sep)) await rm(path, { force: true });
  }
}

async function dirBytes(dir: string): Promise<number> {
  try {
    const names = await readdir(dir);
    const sizes = await Promise.all(
      names.map((name) =>
        stat(join(dir, name)).then(
          (info) => info.size,
          () => 0,
        ),
      ),
    );
    return sizes.reduce((sum, size) => sum + size, 0);
  } catch {
    return 0;
  }
}
