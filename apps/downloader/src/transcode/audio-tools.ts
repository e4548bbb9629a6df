import { STATION_ENV, type StationEnv } from '@h4k/config';
import { Inject, Injectable } from '@nestjs/common';
import { stat } from 'node:fs/promises';
import { SongRefused } from '../jobs/song-refused';
import { runTool, ToolLimitExceeded, type ToolResult } from '../tools/run-tool';

/**
 * The demuxers a song may be read with (ffmpeg's names). No hls, concat, sdp, playlists, images
 * or anything else that opens other files or URLs: an upload is a single audio file. mpegts is
 * what an HLS download is once yt-dlp has joined its segments.
 */
const AUDIO_DEMUXERS = ['ogg', 'mp3', 'flac', 'wav', 'matroska', 'mov', 'aac', 'mpegts'] as const;
type AudioDemuxer = (typeof AUDIO_DEMUXERS)[number];

/** The decoders a song's audio may need (ffmpeg's codec names are also its decoder names). */
const AUDIO_CODECS = /^(vorbis|opus|mp3|mp2|flac|aac|alac|pcm_[a-z0-9]+)$/;

/** Local files and pipes only, on every run: no demuxer may reach the network or another protocol. */
const LOCAL_ONLY = ['-protocol_whitelist', 'file,pipe', '-format_whitelist', AUDIO_DEMUXERS.join(',')];

/** ffprobe reads headers: milliseconds for a real song; a file that stalls it is not accepted. */
const PROBE_DEADLINE_MS = 15_000;
/** Decoding runs at 25–40× real time here; this leaves room for a busy box, not for a hung decoder. */
const decodeDeadlineMs = (seconds: number): number => 60_000 + seconds * 250;
/** Vorbis q6 stays under ~25 kB/s even on white noise; twice that plus a margin caps the output. */
const OUTPUT_BYTES_PER_SECOND = 48_000;
/** Codec padding lets an honest song at the limit decode a few frames longer. */
const LENGTH_GRACE_SECONDS = 1;

/** An audio file as probed: the demuxer and decoder every later run is forced to use. */
export interface AudioProbe {
  path: string;
  demuxer: AudioDemuxer;
  codec: string;
  /** Seconds the header claims, or null when it does not say. Never trusted to accept a song. */
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
  input: AudioProbe;
  output: string;
  title: string | null;
  artist: string | null;
  /** From `measure()`; without it loudnorm runs in one (dynamic) pass. */
  loudness: Loudness | null;
  /** Decoded seconds, for progress. */
  duration: number;
}

/** The station's working format and loudness target (EBU R128). */
const TARGET = { integrated: -16, truePeak: -1.5, range: 11, sampleRate: 48_000 } as const;
const LOUDNORM = `loudnorm=I=${TARGET.integrated}:TP=${TARGET.truePeak}:LRA=${TARGET.range}`;

interface FfprobeOutput {
  streams?: { codec_type?: string; codec_name?: string; tags?: Record<string, string> }[];
  format?: { format_name?: string; duration?: string; tags?: Record<string, string> };
}

/** The only code that runs ffprobe and ffmpeg on songs. */
@Injectable()
export class AudioTools {
  constructor(@Inject(STATION_ENV) private readonly env: StationEnv) {}

  async probe(path: string, signal: AbortSignal): Promise<AudioProbe> {
    const result = await this.run(
      this.env.FFPROBE_PATH,
      [
        '-v',
        'error',
        ...LOCAL_ONLY,
        '-show_entries',
        'stream=codec_type,codec_name:stream_tags:format=format_name,duration:format_tags',
        '-of',
        'json',
        '--',
        `file:${path}`,
      ],
      { signal, deadlineMs: PROBE_DEADLINE_MS, maxStdoutBytes: 1024 * 1024 },
    );
    if (result.code !== 0) throw new SongRefused('refused: the file is not audio');
    const parsed = JSON.parse(result.stdout) as FfprobeOutput;
    const names = parsed.format?.format_name?.split(',') ?? [];
    const demuxer = AUDIO_DEMUXERS.find((name) => names.includes(name));
    const audio = parsed.streams?.find((stream) => stream.codec_type === 'audio');
    if (!demuxer || !audio) throw new SongRefused('refused: the file is not audio');
    const codec = audio.codec_name ?? '';
    if (!AUDIO_CODECS.test(codec)) {
      throw new SongRefused('refused: the audio format is not supported', `codec ${codec.slice(0, 40)}`);
    }
    const duration = Number(parsed.format?.duration);
    // Ogg keeps Vorbis comments on the stream, MP3/MP4 on the container: read both.
    const tags = Object.fromEntries(
      Object.entries({ ...parsed.format?.tags, ...audio.tags }).map(([key, value]) => [key.toLowerCase(), value]),
    );
    return {
      path,
      demuxer,
      codec,
      duration: Number.isFinite(duration) && duration > 0 ? duration : null,
      title: tags['title'] ?? null,
      artist: tags['artist'] ?? null,
    };
  }

  /**
   * Seconds of audio the file really holds, by decoding it (no filter: ~1 s for 20 minutes of
   * MP3 here). The decoder is cut a little past MAX_SONG_SECONDS, so a file whose header claims
   * seconds but holds hours costs no more than a song at the limit, and is refused on what it holds.
   */
  async decodedSeconds(input: AudioProbe, signal: AbortSignal): Promise<number> {
    const result = await this.decodeToNull(input, [], signal);
    if (result.code !== 0) throw new SongRefused('refused: the audio could not be decoded');
    const seconds = result.outSeconds;
    if (seconds > this.env.MAX_SONG_SECONDS + LENGTH_GRACE_SECONDS) {
      throw new SongRefused(
        `refused: the song is longer than the limit of ${this.env.MAX_SONG_SECONDS} s`,
        `decoded past ${Math.floor(seconds)} s; the header claimed ${input.duration ?? 'nothing'}`,
      );
    }
    if (seconds <= 0) throw new SongRefused('refused: the file holds no audio');
    return seconds;
  }

  /** First loudnorm pass: measures the song so the second pass can apply one linear gain. */
  async measure(input: AudioProbe, signal: AbortSignal): Promise<Loudness | null> {
    const result = await this.decodeToNull(input, ['-af', `${LOUDNORM}:print_format=json`], signal);
    if (result.code !== 0) throw new SongRefused('refused: the audio could not be decoded');
    const json = /\{[^{}]*"input_i"[^{}]*\}/.exec(result.stderr)?.[0];
    if (!json) return null;
    const loudness = JSON.parse(json) as Loudness;
    // Silence measures -inf: a linear gain is meaningless, let the dynamic pass handle it.
    return Number.isFinite(Number(loudness.input_i)) ? loudness : null;
  }

  /** Decodes the first audio stream (through `filters`) into nothing; `outSeconds` is how much came out. */
  private async decodeToNull(
    input: AudioProbe,
    filters: string[],
    signal: AbortSignal,
  ): Promise<ToolResult & { outSeconds: number }> {
    let outUs = 0;
    const args = ['-hide_banner', '-nostdin', ...this.decodeInput(input), '-map', '0:a:0', ...filters];
    const result = await this.run(this.env.FFMPEG_PATH, [...args, '-progress', 'pipe:1', '-f', 'null', '-'], {
      signal,
      deadlineMs: decodeDeadlineMs(this.env.MAX_SONG_SECONDS),
      onLine: (line) => {
        const match = /^out_time_us=(\d+)/.exec(line);
        if (match?.[1]) outUs = Math.max(outUs, Number(match[1]));
      },
    });
    return { ...result, outSeconds: outUs / 1e6 };
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
      ...this.decodeInput(request.input),
      '-map',
      '0:a:0',
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
      '-fs',
      String(this.outputCapBytes()),
      '-f',
      'ogg',
      `file:${request.output}`,
    ];
    const result = await this.run(this.env.FFMPEG_PATH, args, {
      signal,
      deadlineMs: decodeDeadlineMs(this.env.MAX_SONG_SECONDS),
      onLine: (line) => {
        const match = /^out_time_us=(\d+)/.exec(line);
        if (match?.[1]) onPercent(Math.min(100, (Number(match[1]) / 1e6 / request.duration) * 100));
      },
    });
    if (result.code !== 0) throw new SongRefused('refused: the audio could not be converted');
    // -fs stops writing and still exits 0: a file at the cap is cut short, not a song.
    if ((await stat(request.output)).size >= this.outputCapBytes()) {
      throw new SongRefused('refused: the audio could not be converted', 'output reached the -fs cap');
    }
  }

  private outputCapBytes(): number {
    return (this.env.MAX_SONG_SECONDS + LENGTH_GRACE_SECONDS) * OUTPUT_BYTES_PER_SECOND + 1024 * 1024;
  }

  /** The input options of every decode: local only, the probed demuxer and decoder, cut past the limit. */
  private decodeInput(input: AudioProbe): string[] {
    const seconds = this.env.MAX_SONG_SECONDS + LENGTH_GRACE_SECONDS + 1;
    return [...LOCAL_ONLY, '-f', input.demuxer, '-c:a', input.codec, '-t', String(seconds), '-i', `file:${input.path}`];
  }

  /** A run that passes its deadline or prints too much refuses the song instead of failing the job. */
  private run(path: string, args: string[], options: Parameters<typeof runTool>[2]): Promise<ToolResult> {
    return runTool(path, args, options).catch((error: unknown) => {
      if (error instanceof ToolLimitExceeded) {
        const reason =
          error.limit === 'deadline'
            ? 'refused: the audio took too long to process'
            : 'refused: the file holds too much metadata';
        throw new SongRefused(reason, error.message);
      }
      throw error;
    });
  }
}
