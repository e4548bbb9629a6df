import { loadStationEnv } from '@h4k/config';
import { tempDir } from '@h4k/testing';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SongRefused } from '../jobs/song-refused';
import { AudioTools } from './audio-tools';

const run = promisify(execFile);
jest.setTimeout(60_000);

const tools = new AudioTools(
  loadStationEnv({
    ADMIN_API_TOKEN: 'unit-admin-token-0123456789',
    LIQUIDSOAP_TOKEN: 'unit-liquidsoap-token-0123456789',
    JWT_SECRET: 'unit-jwt-secret-0123456789',
    MAX_SONG_SECONDS: '30',
  }),
);
const signal = new AbortController().signal;

/** Writes `path` from an ffmpeg lavfi source with the given output options. */
async function generate(source: string, options: string[], path: string): Promise<void> {
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', source, ...options, path]);
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
    expect(await tools.decodedSeconds(probe, signal)).toBeCloseTo(7, 0);
  });

  it('cuts decoding just past MAX_SONG_SECONDS and refuses the song, whatever it holds', async () => {
    const path = join(dir, 'two-minutes.flac');
    await generate('sine=duration=120', [], path);
    const probe = await tools.probe(path, signal);
    await expect(tools.decodedSeconds({ ...probe, duration: 5 }, signal)).rejects.toEqual(
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
