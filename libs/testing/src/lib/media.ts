import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startProcess, type OwnedProcess } from './processes';

const run = promisify(execFile);

/** Writes a stereo 48 kHz sine tone with title/artist tags (Ogg Vorbis). */
export async function writeTone(path: string, frequency: number, seconds: number, title: string): Promise<void> {
  await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=${frequency}:sample_rate=48000:duration=${seconds}`,
    '-af',
    'volume=3,aformat=channel_layouts=stereo',
    '-c:a',
    'libvorbis',
    '-q:a',
    '3',
    '-metadata',
    `title=${title}`,
    '-metadata',
    'artist=h4k-test',
    path,
  ]);
}

export interface StreamProbe {
  codec: string;
  sampleRate: number;
  channels: number;
}

export async function probeStream(url: string): Promise<StreamProbe> {
  const { stdout } = await run(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'a:0',
      '-show_entries',
      'stream=codec_name,sample_rate,channels',
      '-of',
      'json',
      url,
    ],
    { timeout: 20_000 },
  );
  const stream = (
    JSON.parse(stdout) as {
      streams: { codec_name: string; sample_rate: string; channels: number }[];
    }
  ).streams[0];
  if (!stream) throw new Error(`no audio stream in ${url}`);
  return {
    codec: stream.codec_name,
    sampleRate: Number(stream.sample_rate),
    channels: stream.channels,
  };
}

export interface DecodeWindow {
  /** Start of the window in seconds of decoded audio. */
  start: number;
  rmsDb: number;
  /** Dominant frequency estimated from zero crossings (Hz), for tone-per-tier checks. */
  frequency: number;
}

export interface DecodeResult {
  decodedSeconds: number;
  exitCode: number | null;
  stderr: string;
  windows: DecodeWindow[];
}

/**
 * Decodes `seconds` of a stream with ffmpeg to raw PCM (mono s16 at 8 kHz is plenty for levels and
 * tones) and reports how much audio actually arrived, with level and pitch per window.
 */
export function decodeStream(url: string, seconds: number, windowSeconds = 1): Promise<DecodeResult> {
  return new Promise((resolve, reject) => {
    const rate = 8000;
    const child = execFile(
      'ffmpeg',
      monoPcmArgs(url, rate, seconds),
      {
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024,
        timeout: (seconds + 60) * 1000,
      },
      (error, stdout, stderr) => {
        const exitCode = error && 'code' in error && typeof error.code === 'number' ? error.code : error ? null : 0;
        if (error && exitCode === null && !(stdout instanceof Buffer)) return reject(error);
        const samples = new Int16Array(stdout.buffer, stdout.byteOffset, Math.floor(stdout.byteLength / 2));
        const perWindow = rate * windowSeconds;
        const windows: DecodeWindow[] = [];
        for (let start = 0; start + perWindow <= samples.length; start += perWindow) {
          windows.push({ start: start / rate, ...levelAndPitch(samples.subarray(start, start + perWindow), rate) });
        }
        resolve({
          decodedSeconds: samples.length / rate,
          exitCode,
          stderr: stderr.toString(),
          windows,
        });
      },
    );
    child.on('error', reject);
  });
}

/** Level (dBFS RMS) and dominant pitch (Hz, from zero crossings) of one window of mono s16 PCM. */
export function levelAndPitch(window: Int16Array, rate: number): { rmsDb: number; frequency: number } {
  let sumSquares = 0;
  let crossings = 0;
  for (let index = 0; index < window.length; index++) {
    const sample = (window[index] ?? 0) / 32768;
    sumSquares += sample * sample;
    if (index > 0 && (window[index - 1] ?? 0) < 0 !== sample < 0) crossings++;
  }
  const rms = Math.sqrt(sumSquares / Math.max(1, window.length));
  return { rmsDb: rms > 0 ? 20 * Math.log10(rms) : -120, frequency: crossings / 2 / (window.length / rate) };
}

/** ffmpeg arguments decoding any input to mono 16-bit PCM on stdout, the form every level/pitch check reads. */
export function monoPcmArgs(url: string, rate: number, seconds?: number): string[] {
  return [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', url],
    ...(seconds === undefined ? [] : ['-t', String(seconds)]),
    ...['-ac', '1', '-ar', String(rate), '-f', 's16le', '-'],
  ];
}

export interface ToneEncoder {
  harborPort: number;
  /** The harbor password: a livestream token (ffmpeg sends it as `source:<password>`). */
  password: string;
  frequency: number;
  /** Sent as ice-name / ice-description, as OBS or BUTT would. */
  show?: { name: string; description: string };
}

/** A real DJ encoder: ffmpeg streaming a stereo sine tone as Ogg/Opus to the harbor's /live mount, in real time. */
export function startToneEncoder(options: ToneEncoder): OwnedProcess {
  return startProcess('ffmpeg', [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-re'],
    ...['-f', 'lavfi', '-i', `sine=frequency=${options.frequency}:sample_rate=48000`],
    ...['-ac', '2', '-c:a', 'libopus', '-b:a', '96k', '-f', 'ogg', '-content_type', 'audio/ogg'],
    ...(options.show ? ['-ice_name', options.show.name, '-ice_description', options.show.description] : []),
    `icecast://source:${options.password}@127.0.0.1:${options.harborPort}/live`,
  ]);
}
