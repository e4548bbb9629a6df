import { STATION_ENV, type StationEnv } from '@h4k/config';
import { Inject, Injectable } from '@nestjs/common';
import { SongRefused } from '../jobs/song-refused';
import { runTool } from '../tools/run-tool';

export interface AudioProbe {
  /** Seconds, or null when the container does not say. */
  duration: number | null;
  title: string | null;
  artist: string | null;
}

export interface Loudness {
  input_i: string;
  input_tp: string;
  input_lra: string;
  input_thresh: string;
  target_offset: string;
}

export interface TranscodeRequest {
  input: string;
  output: string;
  title: string | null;
  artist: string | null;
  /** From `measure()`; without it loudnorm runs in one (dynamic) pass. */
  loudness: Loudness | null;
  duration: number;
}

/** The station's working format and loudness target (EBU R128). */
const TARGET = { integrated: -16, truePeak: -1.5, range: 11, sampleRate: 48_000 } as const;
const LOUDNORM = `loudnorm=I=${TARGET.integrated}:TP=${TARGET.truePeak}:LRA=${TARGET.range}`;

interface FfprobeOutput {
  streams?: { codec_type?: string; tags?: Record<string, string> }[];
  format?: { duration?: string; tags?: Record<string, string> };
}

/** The only code that runs ffprobe and ffmpeg on songs. */
@Injectable()
export class AudioTools {
  constructor(@Inject(STATION_ENV) private readonly env: StationEnv) {}

  async probe(path: string, signal: AbortSignal): Promise<AudioProbe> {
    const result = await runTool(
      this.env.FFPROBE_PATH,
      [
        '-v',
        'error',
        '-show_entries',
        'stream=codec_type:stream_tags:format=duration:format_tags',
        '-of',
        'json',
        '--',
        path,
      ],
      { signal },
    );
    if (result.code !== 0) throw new SongRefused('refused: the file is not audio');
    const parsed = JSON.parse(result.stdout) as FfprobeOutput;
    if (!parsed.streams?.some((stream) => stream.codec_type === 'audio')) {
      throw new SongRefused('refused: the file is not audio');
    }
    const duration = Number(parsed.format?.duration);
    // Ogg keeps Vorbis comments on the stream, MP3/MP4 on the container: read both.
    const audioTags = parsed.streams.find((stream) => stream.codec_type === 'audio')?.tags ?? {};
    const tags = Object.fromEntries(
      Object.entries({ ...parsed.format?.tags, ...audioTags }).map(([key, value]) => [key.toLowerCase(), value]),
    );
    return {
      duration: Number.isFinite(duration) && duration > 0 ? duration : null,
      title: tags['title'] ?? null,
      artist: tags['artist'] ?? null,
    };
  }

  /** First loudnorm pass: measures the song so the second pass can apply one linear gain. */
  async measure(path: string, signal: AbortSignal): Promise<Loudness | null> {
    const result = await runTool(
      this.env.FFMPEG_PATH,
      ['-hide_banner', '-nostdin', '-i', path, '-vn', '-af', `${LOUDNORM}:print_format=json`, '-f', 'null', '-'],
      { signal },
    );
    if (result.code !== 0) throw new SongRefused('refused: the audio could not be decoded');
    const json = /\{[^{}]*"input_i"[^{}]*\}/.exec(result.stderr)?.[0];
    if (!json) return null;
    const loudness = JSON.parse(json) as Loudness;
    // Silence measures -inf: a linear gain is meaningless, let the dynamic pass handle it.
    return Number.isFinite(Number(loudness.input_i)) ? loudness : null;
  }

  /** Transcodes once to Ogg Vorbis 48 kHz stereo, normalised, with only the tags we write. */
  async transcode(request: TranscodeRequest, signal: AbortSignal, onPercent: (percent: number) => void): Promise<void> {
    const { loudness } = request;
    const filter = loudness
      ? `${LOUDNORM}:measured_I=${loudness.input_i}:measured_TP=${loudness.input_tp}:measured_LRA=${loudness.input_lra}` +
        `:measured_thresh=${loudness.input_thresh}:offset=${loudness.target_offset}:linear=true`
      : LOUDNORM;
    const tags = [
      ...(request.title ? ['-metadata', `title=${request.title}`] : []),
      ...(request.artist ? ['-metadata', `artist=${request.artist}`] : []),
    ];
    const args = [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-y',
      '-i',
      request.input,
      '-vn',
      '-map_metadata',
      '-1',
      '-af',
      `${filter},aresample=${TARGET.sampleRate}`,
      '-ar',
      String(TARGET.sampleRate),
      '-ac',
      '2',
      '-c:a',
      'libvorbis',
      '-q:a',
      '6',
      ...tags,
      '-progress',
      'pipe:1',
      '-f',
      'ogg',
      request.output,
    ];
    const result = await runTool(this.env.FFMPEG_PATH, args, {
      signal,
      onLine: (line) => {
        const match = /^out_time_us=(\d+)/.exec(line);
        if (match?.[1]) onPercent(Math.min(100, (Number(match[1]) / 1e6 / request.duration) * 100));
      },
    });
    if (result.code !== 0) throw new SongRefused('refused: the audio could not be converted');
  }
}
