import { stat } from 'node:fs/promises';

import { type DownloaderEnv, STATION_ENV } from '@h4k/config';
import { Inject, Injectable } from '@nestjs/common';

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
  /** Channels of the audio stream, or null when the header does not say. */
  channels: number | null;
  title: string | null;
  artist: string | null;
}

export interface IngestRequest {
  input: AudioProbe;
  /** Scratch file for the encode (in the job's temp dir); `output` gets the trimmed, tagged song. */
  encoded: string;
  output: string;
  title: string | null;
  artist: string | null;
}

/** What one ingest measured; the gain is not applied to the audio but written as a ReplayGain tag. */
export interface Ingested {
  /** Seconds the file really holds (decoded, before trimming). */
  decodedSeconds: number;
  /** Seconds of the song as queued, silence trimmed. */
  seconds: number;
  /** EBU R128 integrated loudness of the song as encoded (LUFS). */
  integrated: number;
  /** REPLAYGAIN_TRACK_GAIN: brings `integrated` to the station's target. */
  gainDb: number;
  /** REPLAYGAIN_TRACK_PEAK: sample peak, linear (MPD's limiter keeps peak × gain ≤ 1). */
  peak: number;
}

/**
 * The station's working format and loudness target (EBU R128). The gain to the target is measured
 * while encoding and applied by MPD at playback (`replaygain "track"` in mpd/*.conf.tmpl): one
 * decode instead of loudnorm's two passes (which ran at 192 kHz: 11–25 s for 3 minutes here).
 */
const TARGET = { integrated: -16, sampleRate: 48_000 } as const;
/**
 * Silence at the ends of a song: samples below -60 dBFS. Low enough that a fade-out or a quiet
 * intro is kept, high enough for dither and encoder noise around digital silence.
 */
const SILENCE = '-60dB';
/** A song that is silent to the end this close to its last sample ends where that silence starts. */
const TAIL_TOLERANCE_SECONDS = 0.1;
/** Anything quieter is inaudible: ebur128 reports -70 LUFS (its absolute gate) when nothing passed it. */
const INAUDIBLE_LUFS = -69.9;

/**
 * An Ogg Vorbis upload is already what the station stores: it is measured in one decode and kept as
 * it is (a stream copy cut at its silences, our tags written), not re-encoded. The encode is ~80 %
 * of an ingest here (libvorbis: ~2 s of one core for 3 minutes). The decode must be clean: a
 * stream with any decoding error is transcoded as any other file. MPD resamples to 48 kHz itself.
 */
const KEPT_AS_IS = { demuxer: 'ogg', codec: 'vorbis', maxChannels: 2 } as const;
/**
 * A stream copy cuts at packet starts and the first Vorbis packet kept only primes the decoder: the
 * cut is made this far ahead of the song's first audible sample, so none of it is lost.
 */
const COPY_LEAD_SECONDS = 0.1;

interface FfprobeOutput {
  streams?: { codec_type?: string; codec_name?: string; channels?: number; tags?: Record<string, string> }[];
  format?: { format_name?: string; duration?: string; tags?: Record<string, string> };
}

interface Silence {
  start: number;
  /** Null: silent to the end. */
  end: number | null;
}

/** What one decode of a song found. */
interface Decoded {
  code: number | null;
  /** Nothing was logged at error level (a damaged Ogg page, a packet the decoder refused). */
  clean: boolean;
  /** Seconds the file really holds (decoded, before trimming). */
  seconds: number;
  silences: Silence[];
  stderr: string;
}

function keptAsIs(input: AudioProbe): boolean {
  return (
    input.demuxer === KEPT_AS_IS.demuxer &&
    input.codec === KEPT_AS_IS.codec &&
    input.channels !== null &&
    input.channels <= KEPT_AS_IS.maxChannels
  );
}

/** Where the silence that lasts to the end (of `seconds`) starts, or null when the song ends in sound. */
function trailingSilence(silences: readonly Silence[], seconds: number): number | null {
  const last = silences[silences.length - 1];
  return last && (last.end === null || last.end >= seconds - TAIL_TOLERANCE_SECONDS) ? last.start : null;
}

/** The song's loudness from ebur128's summary and the gain to the target; refuses one without audible sound. */
function loudness(decoded: Decoded): { integrated: number; gainDb: number; peak: number } {
  const summary = decoded.stderr.slice(decoded.stderr.lastIndexOf('Summary:'));
  const integrated = Number(/^\s+I:\s+(-?[\d.]+) LUFS/m.exec(summary)?.[1]);
  const peakDb = Number(/^\s+Peak:\s+(-?[\d.]+|-inf) dBFS/m.exec(summary)?.[1]);
  if (!Number.isFinite(integrated) || integrated < INAUDIBLE_LUFS) {
    throw new SongRefused('refused: the file holds no audio');
  }
  const gainDb = Math.round((TARGET.integrated - integrated) * 100) / 100;
  const peak = Number.isFinite(peakDb) ? Math.min(1, 10 ** (peakDb / 20)) : 1;
  return { integrated, gainDb, peak };
}

/** The only code that runs ffprobe and ffmpeg on songs. */
@Injectable()
export class AudioTools {
  constructor(@Inject(STATION_ENV) private readonly env: DownloaderEnv) {}

  async probe(path: string, signal: AbortSignal): Promise<AudioProbe> {
    const result = await this.run(
      this.env.FFPROBE_PATH,
      [
        '-v',
        'error',
        ...LOCAL_ONLY,
        '-show_entries',
        'stream=codec_type,codec_name,channels:stream_tags:format=format_name,duration:format_tags',
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
      channels: typeof audio.channels === 'number' && audio.channels > 0 ? audio.channels : null,
      title: tags['title'] ?? null,
      artist: tags['artist'] ?? null,
    };
  }

  /**
   * Ingests a song in one decode. An Ogg Vorbis file is kept as it is (see KEPT_AS_IS); any other is
   * transcoded: leading silence removed as it streams, loudness (EBU R128) and trailing silence
   * measured on the way to the Vorbis encoder. Either way a stream copy then cuts the silences and
   * writes the tags (title, artist, ReplayGain), no second decode. The decode is cut a little past
   * MAX_SONG_SECONDS, so a file whose header claims seconds but holds hours costs no more than a song
   * at the limit, and is refused on what it holds.
   */
  async ingest(request: IngestRequest, signal: AbortSignal, onPercent: (percent: number) => void): Promise<Ingested> {
    if (keptAsIs(request.input)) {
      const kept = await this.keep(request, signal, onPercent);
      if (kept) return kept;
    }
    return this.transcode(request, signal, onPercent);
  }

  /** Measures an Ogg Vorbis song and copies it cut and tagged; null when its decode was not clean. */
  private async keep(
    request: IngestRequest,
    signal: AbortSignal,
    onPercent: (percent: number) => void,
  ): Promise<Ingested | null> {
    const { input } = request;
    const decoded = await this.decode(
      input,
      [
        // A decoding error ends the run: such a stream is not kept but transcoded.
        '-xerror',
        ...this.decodeInput(input),
        ...['-map', '0:a:0', '-af', `ebur128=peak=sample:framelog=verbose,silencedetect=noise=${SILENCE}:duration=0.1`],
        ...['-f', 'null', '-'],
      ],
      signal,
      onPercent,
    );
    if (decoded.code !== 0 || !decoded.clean) return null;
    this.checkLength(decoded, input);
    const { integrated, gainDb, peak } = loudness(decoded);
    const first = decoded.silences[0];
    const lead = first && first.start <= TAIL_TOLERANCE_SECONDS ? first.end : 0;
    const end = trailingSilence(decoded.silences, decoded.seconds) ?? decoded.seconds;
    if (lead === null || end - lead <= 0) throw new SongRefused('refused: the file holds no audio');
    const start = Math.max(0, lead - COPY_LEAD_SECONDS);
    await this.finish(input.path, request, { start, end }, gainDb, peak, signal);
    return { decodedSeconds: decoded.seconds, seconds: end - start, integrated, gainDb, peak };
  }

  private async transcode(
    request: IngestRequest,
    signal: AbortSignal,
    onPercent: (percent: number) => void,
  ): Promise<Ingested> {
    const { input } = request;
    const filters = [
      `aresample=${TARGET.sampleRate}`,
      `silenceremove=start_periods=1:start_threshold=${SILENCE}`,
      'ebur128=peak=sample:framelog=verbose',
      `silencedetect=noise=${SILENCE}:duration=0.1`,
    ].join(',');
    const args = [
      ...this.decodeInput(input),
      '-map',
      '0:a:0',
      '-map_metadata',
      '-1',
      '-af',
      filters,
      '-ar',
      String(TARGET.sampleRate),
      '-ac',
      '2',
      '-c:a',
      'libvorbis',
      '-q:a',
      '6',
      '-fs',
      String(this.outputCapBytes()),
      '-f',
      'ogg',
      `file:${request.encoded}`,
      // The same decoded stream, unfiltered, into nothing: -progress reports the furthest output,
      // i.e. how much the file really holds before trimming.
      '-map',
      '0:a:0',
      '-f',
      'null',
      '-',
    ];
    const decoded = await this.decode(input, args, signal, onPercent);
    if (decoded.code !== 0) throw new SongRefused('refused: the audio could not be converted');
    this.checkLength(decoded, input);
    // -fs stops writing and still exits 0: a file at the cap is cut short, not a song.
    if ((await stat(request.encoded)).size >= this.outputCapBytes()) {
      throw new SongRefused('refused: the audio could not be converted', 'output reached the -fs cap');
    }
    const { integrated, gainDb, peak } = loudness(decoded);
    const encoded = await this.probe(request.encoded, signal).catch(() => null);
    const encodedSeconds = encoded?.duration ?? 0;
    if (encodedSeconds <= 0) throw new SongRefused('refused: the file holds no audio');
    const tail = trailingSilence(decoded.silences, encodedSeconds);
    const seconds = tail ?? encodedSeconds;
    if (seconds <= 0) throw new SongRefused('refused: the file holds no audio');
    await this.finish(request.encoded, request, { start: 0, end: tail }, gainDb, peak, signal);
    return { decodedSeconds: decoded.seconds, seconds, integrated, gainDb, peak };
  }

  /** One ffmpeg decode of a song, following its progress and the silences it detects. */
  private async decode(
    input: AudioProbe,
    args: string[],
    signal: AbortSignal,
    onPercent: (percent: number) => void,
  ): Promise<Decoded> {
    let decodedUs = 0;
    const silences: Silence[] = [];
    const result = await this.run(
      this.env.FFMPEG_PATH,
      // Each log line says its level ("[error]"): how a clean decode is told from one that hit damage.
      ['-hide_banner', '-nostdin', '-nostats', '-progress', 'pipe:1', '-loglevel', 'level+info', '-y', ...args],
      {
        signal,
        deadlineMs: decodeDeadlineMs(this.env.MAX_SONG_SECONDS),
        onLine: (line) => {
          const progress = /^out_time_us=(\d+)/.exec(line);
          if (progress?.[1]) {
            decodedUs = Math.max(decodedUs, Number(progress[1]));
            if (input.duration) onPercent(Math.min(100, (decodedUs / 1e6 / input.duration) * 100));
          }
          // Only ffmpeg's own log lines: tag values it dumps are indented, they cannot start with "[".
          const silence = /^\[silencedetect @ [^\]]+\] \[info\] silence_(start|end): (-?[\d.]+)/.exec(line);
          const open = silences[silences.length - 1];
          if (silence?.[1] === 'start') silences.push({ start: Number(silence[2]), end: null });
          else if (silence?.[1] === 'end' && open) open.end = Number(silence[2]);
        },
      },
    );
    return {
      code: result.code,
      clean: !/^(\[[^\]\n]+\] )?\[(error|fatal|panic)\] /m.test(result.stderr),
      seconds: decodedUs / 1e6,
      silences,
      stderr: result.stderr,
    };
  }

  private checkLength(decoded: Decoded, input: AudioProbe): void {
    if (decoded.seconds > this.env.MAX_SONG_SECONDS + LENGTH_GRACE_SECONDS) {
      throw new SongRefused(
        `refused: the song is longer than the limit of ${this.env.MAX_SONG_SECONDS} s`,
        `decoded past ${Math.floor(decoded.seconds)} s; the header claimed ${input.duration ?? 'nothing'}`,
      );
    }
  }

  /**
   * Stream copy (no decode) of the Ogg Vorbis `source`: keeps `start` to `end` (to its end without
   * one), writes only our tags.
   */
  private async finish(
    source: string,
    request: IngestRequest,
    cut: { start: number; end: number | null },
    gainDb: number,
    peak: number,
    signal: AbortSignal,
  ): Promise<void> {
    const tags = [
      ...(request.title ? ['-metadata', `title=${request.title}`] : []),
      ...(request.artist ? ['-metadata', `artist=${request.artist}`] : []),
      ...['-metadata', `REPLAYGAIN_TRACK_GAIN=${gainDb.toFixed(2)} dB`],
      ...['-metadata', `REPLAYGAIN_TRACK_PEAK=${peak.toFixed(6)}`],
    ];
    const args = [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-y',
      ...['-protocol_whitelist', 'file', '-f', 'ogg', '-i', `file:${source}`],
      ...['-map', '0:a:0', '-map_metadata', '-1', '-c', 'copy'],
      ...(cut.start > 0 ? ['-ss', cut.start.toFixed(3)] : []),
      ...(cut.end === null ? [] : ['-t', (cut.end - cut.start).toFixed(3)]),
      ...tags,
      '-f',
      'ogg',
      `file:${request.output}`,
    ];
    const result = await this.run(this.env.FFMPEG_PATH, args, { signal, deadlineMs: PROBE_DEADLINE_MS });
    if (result.code !== 0) throw new SongRefused('refused: the audio could not be converted', 'tagging failed');
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
