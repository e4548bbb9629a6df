import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { OwnedProcess, startProcess, tempDir } from './processes';

const run = promisify(execFile);

/** Writes a stereo 48 kHz sine tone with title/artist tags (Ogg Vorbis). */
export async function writeTone(
  path: string,
  frequency: number,
  seconds: number,
  title: string,
  { gaps }: { gaps?: { everySeconds: number; gapSeconds: number } } = {},
): Promise<void> {
  // With `gaps`: digital silence for the last gapSeconds of every everySeconds (a beat, a pause in speech).
  const volume = gaps
    ? `volume='if(lt(mod(t,${gaps.everySeconds}),${gaps.everySeconds - gaps.gapSeconds}),3,0)':eval=frame`
    : 'volume=3';
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
    `${volume},aformat=channel_layouts=stereo`,
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

/** Blocks of a window below this level (2.5 ms each) carry no pitch: silence between sounds. */
const PITCH_FLOOR = 10 ** (-60 / 20);
/** A zero crossing counts once the signal has passed this far (in LSB) to the other side: ±1 LSB noise never does. */
const CROSSING_HYSTERESIS = 8;

/**
 * Level (dBFS RMS) and dominant pitch (Hz, from zero crossings) of one window of mono s16 PCM. The pitch
 * counts only the audible 2.5 ms blocks: a window half tone, half silence reads as the tone, not as half
 * its frequency (which once passed for another tier's tone at a DJ's stall).
 */
export function levelAndPitch(window: Int16Array, rate: number): { rmsDb: number; frequency: number } {
  const block = Math.max(1, Math.round(rate / 400));
  let sumSquares = 0;
  let crossings = 0;
  let audibleSamples = 0;
  let positive: boolean | undefined;
  for (let from = 0; from < window.length; from += block) {
    const to = Math.min(window.length, from + block);
    let blockSquares = 0;
    let blockCrossings = 0;
    for (let index = from; index < to; index++) {
      const value = window[index] ?? 0;
      blockSquares += (value / 32768) ** 2;
      const side = value >= CROSSING_HYSTERESIS ? true : value <= -CROSSING_HYSTERESIS ? false : positive;
      if (positive !== undefined && side !== positive) blockCrossings++;
      positive = side;
    }
    sumSquares += blockSquares;
    if (Math.sqrt(blockSquares / (to - from)) >= PITCH_FLOOR) {
      crossings += blockCrossings;
      audibleSamples += to - from;
    }
  }
  const rms = Math.sqrt(sumSquares / Math.max(1, window.length));
  return {
    rmsDb: rms > 0 ? 20 * Math.log10(rms) : -120,
    frequency: audibleSamples > 0 ? crossings / 2 / (audibleSamples / rate) : 0,
  };
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
  /** Stream seconds [from, to) sent as digital silence instead of the tone. */
  silentBetween?: readonly [number, number];
}

/** A real DJ encoder: ffmpeg streaming a stereo sine tone as Ogg/Opus to the harbor's /live mount, in real time. */
export function startToneEncoder(options: ToneEncoder): OwnedProcess {
  return startProcess('ffmpeg', [
    ...realTimeOpusTone(options.frequency, options.silentBetween),
    '-content_type',
    'audio/ogg',
    ...(options.show ? ['-ice_name', options.show.name, '-ice_description', options.show.description] : []),
    `icecast://source:${options.password}@127.0.0.1:${options.harborPort}/live`,
  ]);
}

export interface EzstreamSource {
  harborPort: number;
  /** The harbor user: "source", or the DJ's id. */
  user: string;
  password: string;
  /** An Ogg file (e.g. from writeTone), streamed in real time and looped. */
  file: string;
}

/**
 * A real ezstream (Debian's source client) streaming a file to the harbor's /live mount. ezstream
 * refuses a password over 255 characters at start-up: it exits at once with "password: too long".
 */
export function startEzstream(options: EzstreamSource): OwnedProcess {
  const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const config = join(tempDir('ezstream'), 'ezstream.xml');
  writeFileSync(
    config,
    [
      '<ezstream>',
      '  <servers><server>',
      `    <hostname>127.0.0.1</hostname><port>${options.harborPort}</port>`,
      `    <user>${xml(options.user)}</user><password>${xml(options.password)}</password>`,
      '    <tls>None</tls><reconnect_attempts>1</reconnect_attempts>',
      '  </server></servers>',
      '  <streams><stream><mountpoint>/live</mountpoint><format>Ogg</format></stream></streams>',
      `  <intakes><intake><type>file</type><filename>${xml(options.file)}</filename></intake></intakes>`,
      '</ezstream>',
    ].join('\n'),
    // ezstream refuses a configuration file others can read (it holds the password).
    { mode: 0o600 },
  );
  return startProcess('ezstream', ['-c', config]);
}

/**
 * ffmpeg arguments encoding a stereo sine tone as Ogg/Opus in real time, up to the output argument(s);
 * `silentBetween`: stream seconds [from, to) sent as digital silence (a DJ whose mixer went quiet).
 */
function realTimeOpusTone(frequency: number, silentBetween?: readonly [number, number]): string[] {
  const mute = silentBetween
    ? ['-af', `volume='if(between(t,${silentBetween[0]},${silentBetween[1]}),0,1)':eval=frame`]
    : [];
  return [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-re'],
    ...['-f', 'lavfi', '-i', `sine=frequency=${frequency}:sample_rate=48000`],
    ...mute,
    ...['-ac', '2', '-c:a', 'libopus', '-b:a', '96k'],
    // 0.1 s Ogg pages (README's DJ settings): with ffmpeg's default 1 s pages the harbor waits for two
    // of them before the DJ is heard.
    ...['-page_duration', '100000', '-f', 'ogg'],
  ];
}

export interface HttpSource {
  harborPort: number;
  password: string;
  frequency: number;
  /** Request headers sent as given, of any length (ffmpeg 5.1 refuses to send more than ~1 KiB of them). */
  headers: Record<string, string>;
  /** Stream seconds [from, to) sent as digital silence instead of the tone. */
  silentBetween?: readonly [number, number];
}

/**
 * A source client as a raw HTTP PUT (curl, the way Icecast 2.4 sources talk), fed a real-time tone by
 * ffmpeg: for what encoders with limits of their own cannot send.
 */
export function startHttpSource(options: HttpSource): OwnedProcess {
  const encoder = spawn('ffmpeg', [...realTimeOpusTone(options.frequency, options.silentBetween), '-'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const headers = Object.entries(options.headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const curl = spawn(
    'curl',
    [
      ...['-sS', '-T', '-', '-H', 'Expect:', '-H', 'Content-Type: audio/ogg', ...headers],
      ...['-u', `source:${options.password}`, `http://127.0.0.1:${options.harborPort}/live`],
    ],
    { stdio: [encoder.stdout, 'pipe', 'pipe'] },
  );
  curl.once('exit', () => encoder.kill('SIGKILL'));
  return new OwnedProcess(curl);
}
