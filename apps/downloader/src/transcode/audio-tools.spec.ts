import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { loadDownloaderEnv } from '@h4k/config';
import { tempDir } from '@h4k/testing';

import { SongRefused } from '../jobs/song-refused';
import { type AudioProbe, AudioTools, type IngestRequest } from './audio-tools';

const run = promisify(execFile);
jest.setTimeout(60_000);

const tools = new AudioTools(
  loadDownloaderEnv({
    ADMIN_API_TOKEN: 'unit-admin-token-0123456789',
    LIQUIDSOAP_TOKEN: 'unit-liquidsoap-token-0123456789',
    JWT_SECRET: 'unit-jwt-secret-0123456789',
    MAX_SONG_SECONDS: '30',
  }),
);
const signal = new AbortController().signal;

function ingestOf(input: AudioProbe, output: string): IngestRequest {
  return { input, encoded: `${output}.encoded.ogg`, output, title: null, artist: null };
}

/** Writes `path` from an ffmpeg lavfi source with the given output options. */
async function generate(source: string, options: string[], path: string): Promise<void> {
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', source, ...options, path]);
}

async function durationOf(path: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]);
  return Number(stdout.trim());
}

/** Integrated loudness (LUFS) of `path` with `gainDb` applied first, as MPD plays it. */
async function playedLoudness(path: string, gainDb: number): Promise<number> {
  const { stderr } = await run('ffmpeg', [
    ...['-hide_banner', '-nostats', '-i', path, '-af', `volume=${gainDb}dB,ebur128=framelog=verbose`],
    ...['-f', 'null', '-'],
  ]);
  return Number(/Integrated loudness:\s+I:\s+(-?[\d.]+) LUFS/.exec(stderr)?.[1]);
}

async function sampleRateOf(path: string): Promise<number> {
  const { stdout } = await run('ffprobe', [
    ...['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=sample_rate', '-of', 'csv=p=0', path],
  ]);
  // A tagged stream prints "44100," and an empty line.
  return Number.parseInt(stdout, 10);
}

/** Seconds from the start of `path` until its first sample above -60 dBFS. */
async function leadingSilenceOf(path: string): Promise<number> {
  const { stderr } = await run('ffmpeg', [
    ...['-hide_banner', '-nostats', '-i', path, '-af', 'silencedetect=noise=-60dB:duration=0.01', '-f', 'null', '-'],
  ]);
  const start = /silence_start: (-?[\d.]+)/.exec(stderr);
  const end = /silence_end: (-?[\d.]+)/.exec(stderr);
  return start && Number(start[1]) <= 0.01 && end ? Number(end[1]) : 0;
}

/** `seconds` of a tone at `volume` between `lead` and `tail` seconds of digital silence (MP3 unless `codec`). */
async function paddedTone(
  path: string,
  volume: number,
  seconds: number,
  lead: number,
  tail: number,
  codec = ['-c:a', 'libmp3lame'],
): Promise<void> {
  await run('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `anullsrc=r=44100:cl=stereo:d=${lead}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`],
    ...['-f', 'lavfi', '-i', `anullsrc=r=44100:cl=stereo:d=${tail}`],
    '-filter_complex',
    `[1]volume=${volume},aformat=channel_layouts=stereo[tone];[0][tone][2]concat=n=3:v=0:a=1`,
    ...codec,
    path,
  ]);
}

describe('AudioTools on the formats a song may come in (real ffmpeg)', () => {
  const dir = tempDir('audio-tools');

  it.each([
    ['tone.ogg', 'ogg', 'vorbis', ['-c:a', 'libvorbis']],
    ['tone.opus', 'ogg', 'opus', ['-c:a', 'libopus']],
    ['tone.mp3', 'mp3', 'mp3', ['-c:a', 'libmp3lame']],
    ['tone.flac', 'flac', 'flac', ['-c:a', 'flac']],
    ['tone.wav', 'wav', 'pcm_s16le', ['-c:a', 'pcm_s16le']],
    ['tone.m4a', 'mov', 'aac', ['-c:a', 'aac']],
    ['tone.webm', 'matroska', 'opus', ['-c:a', 'libopus']],
    ['tone.aac', 'aac', 'aac', ['-c:a', 'aac', '-f', 'adts']],
  ])('reads %s with the %s demuxer and %s decoder, decoding its real length', async (name, demuxer, decoder, codec) => {
    const path = join(dir, name);
    await generate('sine=duration=7', codec, path);
    const probe = await tools.probe(path, signal);
    expect(probe).toEqual(expect.objectContaining({ demuxer, codec: decoder }));
    const output = join(dir, `${name}.out.ogg`);
    const song = await tools.ingest(ingestOf(probe, output), signal, () => undefined);
    expect(song.decodedSeconds).toBeCloseTo(7, 0);
    expect(await durationOf(output)).toBeCloseTo(7, 0);
  });

  it('trims leading and trailing silence in one pass and tags the gain to -16 LUFS, keeping a gap inside', async () => {
    const path = join(dir, 'padded.mp3');
    await paddedTone(path, 0.5, 10, 4, 5);
    const inside = join(dir, 'gap-inside.mp3');
    // 3 s tone, 2 s of silence, 3 s tone, 3 s of silence: only the end goes.
    await run('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=8'],
      ...['-af', "volume='if(between(t,3,5),0,1)':eval=frame,apad=pad_dur=3", '-c:a', 'libmp3lame', inside],
    ]);
    const output = join(dir, 'padded.ogg');
    const song = await tools.ingest(ingestOf(await tools.probe(path, signal), output), signal, () => undefined);
    expect(song.decodedSeconds).toBeCloseTo(19, 0);
    expect(song.seconds).toBeGreaterThan(9.8);
    expect(song.seconds).toBeLessThan(10.3);
    expect(await durationOf(output)).toBeCloseTo(song.seconds, 1);
    expect(Math.abs((await playedLoudness(output, song.gainDb)) + 16)).toBeLessThanOrEqual(1);

    const gapOutput = join(dir, 'gap-inside.ogg');
    const gap = await tools.ingest(ingestOf(await tools.probe(inside, signal), gapOutput), signal, () => undefined);
    expect(await durationOf(gapOutput)).toBeGreaterThan(7.8);
    expect(await durationOf(gapOutput)).toBeLessThan(8.3);
    expect(gap.seconds).toBeCloseTo(await durationOf(gapOutput), 1);
  });

  it('keeps an Ogg Vorbis song as it is (no re-encode: its own rate), trimmed, tagged to -16 LUFS', async () => {
    const path = join(dir, 'padded-vorbis.ogg');
    await paddedTone(path, 0.5, 10, 3, 4, ['-c:a', 'libvorbis', '-q:a', '4']);
    const output = join(dir, 'padded-vorbis.out.ogg');
    const song = await tools.ingest(ingestOf(await tools.probe(path, signal), output), signal, () => undefined);
    // Transcoded, it would be 48 kHz (the station's working format).
    expect(await sampleRateOf(output)).toBe(44100);
    expect(song.decodedSeconds).toBeCloseTo(17, 0);
    expect(song.seconds).toBeGreaterThan(9.9);
    expect(song.seconds).toBeLessThan(10.3);
    expect(await durationOf(output)).toBeCloseTo(song.seconds, 1);
    // Cut just ahead of the tone: at most the copy's lead of silence, none of the tone lost.
    expect(await leadingSilenceOf(output)).toBeLessThan(0.15);
    expect(Math.abs((await playedLoudness(output, song.gainDb)) + 16)).toBeLessThanOrEqual(1);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream_tags', '-of', 'json', output]);
    expect(stdout).toContain('REPLAYGAIN_TRACK_GAIN');
  });

  it('transcodes an Ogg Vorbis song whose stream does not decode cleanly', async () => {
    const path = join(dir, 'damaged.ogg');
    await paddedTone(path, 0.5, 10, 0, 0, ['-c:a', 'libvorbis', '-q:a', '4']);
    // Garbage over a stretch of audio pages (past the headers): the Ogg checksums no longer match.
    const bytes = await readFile(path);
    bytes.fill(0x5a, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 4096);
    await writeFile(path, bytes);
    const output = join(dir, 'damaged.out.ogg');
    const song = await tools.ingest(ingestOf(await tools.probe(path, signal), output), signal, () => undefined);
    expect(await sampleRateOf(output)).toBe(48000);
    // What the damaged pages held is gone; the rest is the song.
    expect(song.seconds).toBeGreaterThan(5);
  });

  it('brings two songs 20 LU apart to -16 LUFS within 1 LU through their gain tags', async () => {
    const loud = join(dir, 'loud.mp3');
    const quiet = join(dir, 'quiet.mp3');
    await paddedTone(loud, 6, 12, 0, 0);
    await paddedTone(quiet, 0.6, 12, 0, 0);
    const heard: number[] = [];
    for (const path of [loud, quiet]) {
      const output = `${path}.ogg`;
      const song = await tools.ingest(ingestOf(await tools.probe(path, signal), output), signal, () => undefined);
      heard.push(await playedLoudness(output, song.gainDb));
    }
    expect(heard).toHaveLength(2);
    heard.forEach((lufs) => expect(Math.abs(lufs + 16)).toBeLessThanOrEqual(1));
  });

  it('refuses a file that holds only silence', async () => {
    const path = join(dir, 'silence.flac');
    await generate('anullsrc=r=44100:cl=stereo:d=6', [], path);
    const probe = await tools.probe(path, signal);
    await expect(tools.ingest(ingestOf(probe, join(dir, 'silence.ogg')), signal, () => undefined)).rejects.toEqual(
      new SongRefused('refused: the file holds no audio'),
    );
  });

  it('cuts decoding just past MAX_SONG_SECONDS and refuses the song, whatever it holds', async () => {
    const path = join(dir, 'two-minutes.flac');
    await generate('sine=duration=120', [], path);
    const probe = await tools.probe(path, signal);
    const lying = { ...probe, duration: 5 };
    await expect(tools.ingest(ingestOf(lying, join(dir, 'long.ogg')), signal, () => undefined)).rejects.toEqual(
      new SongRefused('refused: the song is longer than the limit of 30 s'),
    );
  });

  it.each([
    ['playlist.m3u8', '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\ntone.ts\n#EXT-X-ENDLIST\n'],
    ['list.ffconcat', 'ffconcat version 1.0\nfile tone.ogg\n'],
    ['session.sdp', 'v=0\no=- 0 0 IN IP4 127.0.0.1\ns=x\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio 9 RTP/AVP 0\n'],
  ])('refuses %s as not audio', async (name, text) => {
    const path = join(dir, name);
    await writeFile(path, text);
    await expect(tools.probe(path, signal)).rejects.toEqual(new SongRefused('refused: the file is not audio'));
  });

  it('refuses a video-only file as not audio', async () => {
    const path = join(dir, 'video.mkv');
    await generate('testsrc=duration=1', [], path);
    await expect(tools.probe(path, signal)).rejects.toEqual(new SongRefused('refused: the file is not audio'));
  });
});
