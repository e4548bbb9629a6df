import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { basename, extname, join } from 'node:path';
import { promisify } from 'node:util';

import { writeTone } from './media';
import { freePort, tempDir } from './processes';

const run = promisify(execFile);

/** Pitches of the songs listeners submit, apart from the starter tones (330/440/550 Hz) and each other. */
export const SONG_TONES = [660, 770, 880] as const;
export const UPLOAD_TONE = 990;
export const SONG_SECONDS = 8;

/** Limits the shared station runs with, small so the refusals stay cheap to provoke. */
export const STATION_LIMITS = { maxSongSeconds: 60, maxDownloadBytes: 3 * 1024 * 1024 } as const;

const TYPES: Record<string, string> = { '.ogg': 'audio/ogg', '.html': 'text/html; charset=utf-8' };

/**
 * A stand-in for the internet: songs, bad files and a playlist page made with ffmpeg and served on
 * loopback, the host the station's downloader is told to allow.
 */
export class MediaServer {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly server: Server,
  ) {}

  static async start(): Promise<MediaServer> {
    const dir = tempDir('media');
    await writeMedia(dir);
    const port = await freePort();
    const server = createServer((request, response) => {
      const name = basename(decodeURIComponent(new URL(request.url ?? '/', 'http://media').pathname));
      const path = join(dir, name);
      stat(path).then(
        (info) => {
          if (!info.isFile()) return void response.writeHead(404).end();
          response.writeHead(200, {
            'content-type': TYPES[extname(name)] ?? 'application/octet-stream',
            'content-length': String(info.size),
          });
          if (request.method === 'HEAD') return void response.end();
          createReadStream(path).pipe(response);
        },
        () => response.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return new MediaServer(dir, port, server);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The `host:port` the station must exempt from its private-address refusal. */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function writeMedia(dir: string): Promise<void> {
  await Promise.all([
    ...SONG_TONES.map((hz) => writeTone(join(dir, `tone-${hz}.ogg`), hz, SONG_SECONDS, `Tone ${hz}`)),
    writeTone(join(dir, `tone-${UPLOAD_TONE}.ogg`), UPLOAD_TONE, SONG_SECONDS, `Tone ${UPLOAD_TONE}`),
    writeTone(join(dir, 'long.ogg'), 500, STATION_LIMITS.maxSongSeconds * 1.5, 'Too long'),
    // FLAC in Ogg barely shrinks white noise (~140 kB/s): 30 s is ~4 MB, yet well under the length limit.
    run('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', 'anoisesrc=color=white:amplitude=0.5:sample_rate=48000:duration=30'],
      ...['-ac', '2', '-c:a', 'flac', '-f', 'ogg', join(dir, 'big.ogg')],
    ]),
    writeFile(join(dir, 'not-audio.ogg'), 'this is a text file, not a song\n'.repeat(2000)),
    writeFile(
      join(dir, 'playlist.html'),
      '<!doctype html><html><body>' +
        SONG_TONES.map((hz) => `<audio src="tone-${hz}.ogg" controls></audio>`).join('') +
        '</body></html>\n',
    ),
  ]);
}
