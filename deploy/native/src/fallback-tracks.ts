import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A few short, distinct tones so a new station plays something before any music is added. */
const STARTER_TRACKS = [
  {
    file: 'h4kstream-tone-a.ogg',
    title: 'Starter tone A (330 Hz)',
    frequency: 330,
  },
  {
    file: 'h4kstream-tone-b.ogg',
    title: 'Starter tone B (440 Hz)',
    frequency: 440,
  },
  {
    file: 'h4kstream-tone-c.ogg',
    title: 'Starter tone C (550 Hz)',
    frequency: 550,
  },
];

const AUDIO_FILE = /\.(ogg|oga|opus|mp3|flac|wav|m4a|aac)$/i;

export async function ensureStarterTracks(musicDir: string, ffmpeg: string, seconds: number): Promise<number> {
  if (readdirSync(musicDir).some((name) => AUDIO_FILE.test(name))) return 0;
  for (const track of STARTER_TRACKS) {
    // lavfi's sine peaks at 1/8 (-18 dBFS): raise it to a normal programme level; the tremolo makes it a tone, not a test beep.
    await run(ffmpeg, [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=${track.frequency}:sample_rate=48000:duration=${seconds}`,
      '-af',
      'tremolo=f=2:d=0.4,volume=3,aformat=channel_layouts=stereo',
      '-c:a',
      'libvorbis',
      '-q:a',
      '4',
      '-metadata',
      `title=${track.title}`,
      '-metadata',
      'artist=h4kstream',
      join(musicDir, track.file),
    ]);
  }
  return STARTER_TRACKS.length;
}
