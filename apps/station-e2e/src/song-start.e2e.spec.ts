import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { DeadAirDetector, eventually, goertzelDb, liquidsoapCommand, PcmWindows, tempDir } from '@h4k/testing';
import { Listener } from '@h4k/testing/station';

import { sharedStation } from './support/shared-station';

const RATE = 32000;
const WINDOW = 1600;
const WINDOW_MS = 50;
/** The test song: its first second is this tone, the rest another, so its start can be told apart. */
const START_TONE = 1400;
const BODY_TONE = 770;
const START_SECONDS = 1;
const BODY_SECONDS = 5;
const FALLBACK_TONES = [330, 440, 550];
const AUDIBLE_DB = -50;
/** The first second, less a window at each edge (where a window holds both tones or the fade's start). */
const MIN_START_HEARD_MS = 900;

interface Window {
  at: number;
  start: number;
  body: number;
  fallback: number;
}

/** Hears /radio through Caddy like a listener; per 50 ms window, the level of each tone. */
class ToneLevels extends PcmWindows<Omit<Window, 'at'>> {
  constructor(url: string) {
    super(url, RATE, WINDOW, (pcm) => ({
      start: goertzelDb(pcm, START_TONE, RATE),
      body: goertzelDb(pcm, BODY_TONE, RATE),
      fallback: Math.max(...FALLBACK_TONES.map((tone) => goertzelDb(pcm, tone, RATE))),
    }));
  }

  /** Waits until `tone` has been audible for a whole second after `since`; returns that second's first window. */
  async heard(tone: 'start' | 'body' | 'fallback', since: number, timeoutMs: number): Promise<number> {
    let found = -1;
    await eventually(
      `${tone} tone on /radio`,
      () => {
        const first = this.windows.findIndex((window) => window.at >= since);
        if (first < 0) return false;
        for (let index = first; index + 20 <= this.windows.length; index++) {
          if (this.windows.slice(index, index + 20).every((window) => window[tone] >= AUDIBLE_DB)) {
            found = index;
            return true;
          }
        }
        return false;
      },
      timeoutMs,
    );
    return found;
  }
}

/** One second of START_TONE, then BODY_TONE, at the level writeTone uses. */
async function writeSong(path: string): Promise<void> {
  const sine = (frequency: number, seconds: number) =>
    `sine=frequency=${frequency}:sample_rate=48000:duration=${seconds}`;
  await promisify(execFile)('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', sine(START_TONE, START_SECONDS), '-f', 'lavfi', '-i', sine(BODY_TONE, BODY_SECONDS)],
    ...['-filter_complex', '[0][1]concat=n=2:v=0:a=1,volume=3,aformat=channel_layouts=stereo'],
    ...['-c:a', 'libvorbis', '-q:a', '3', '-metadata', 'title=Song start', '-metadata', 'artist=h4k-test', path],
  ]);
}

/**
 * Issue #13: a queued song is heard from its start. The user MPD's stream stays connected while it
 * is stopped, and the queue service announces each start to Liquidsoap (h4k.cue), so the song goes
 * on air from its first sample; before, Liquidsoap connected only after `play` and the first
 * 1.5–2 s were lost. How soon it is heard is measured in bench/failover.bench.ts ("user song start").
 */
describe('songs start on time', () => {
  const station = sharedStation();
  let tones: ToneLevels;
  let listener: Listener;
  let song: string;
  const measured: string[] = [];

  const api = async (method: 'GET' | 'POST', path: string): Promise<Response> => {
    const response = await fetch(station.url(`/api${path}`), {
      method,
      headers: { Authorization: `Bearer ${station.adminToken}` },
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response;
  };

  /**
   * Queues the song on an empty, stopped user queue over the fallback; returns how long its first
   * tone was heard, and every dead air from the upload until the fallback is back after it.
   */
  const playSong = async () => {
    const detector = new DeadAirDetector(station.url('/radio'));
    try {
      await detector.waitForAudio(2000, 20_000);
      const since = Date.now();
      const upload = await listener.upload(song);
      if (upload.status !== 202) throw new Error(`upload: ${upload.status} ${await upload.text()}`);
      const body = await tones.heard('body', since, 60_000);
      // The queue ran out: the fallback takes over again (announced, without 2.5 s of silence first).
      await tones.heard('fallback', tones.windows[body]?.at ?? since, 30_000);
      // Played and gone (file deleted, slot freed): the same song may be queued again.
      await eventually('the song to leave the queue', async () => (await listener.mine()).used === 0, 30_000);
      const after = tones.windows.slice(
        tones.windows.findIndex((window) => window.at >= since),
        body,
      );
      const firstStart = after.findIndex((window) => window.start >= AUDIBLE_DB);
      const startHeardMs = after.slice(Math.max(0, firstStart)).filter((window) => window.start >= AUDIBLE_DB).length;
      return { startHeardMs: startHeardMs * WINDOW_MS, deadAir: detector.stop().filter((event) => event.at >= since) };
    } finally {
      detector.stop();
    }
  };

  beforeAll(async () => {
    song = join(tempDir('song-start'), 'song-start.ogg');
    await writeSong(song);
    listener = await Listener.mint(station, { max_queue_songs: 10 });
    tones = new ToneLevels(station.url('/radio'));
    await api('POST', '/admin/resume?playlist=user');
    await api('POST', '/admin/resume?playlist=fallback');
    await api('POST', '/admin/queue/clear?playlist=user');
    await tones.heard('fallback', Date.now(), 30_000);
  }, 60_000);

  afterAll(() => {
    if (measured.length > 0) process.stdout.write(`song start:\n${measured.join('\n')}\n`);
    tones?.stop();
  });

  it('a song queued on the stopped user MPD is heard from its first second, without dead air', async () => {
    const { startHeardMs, deadAir } = await playSong();
    measured.push(`${expect.getState().currentTestName}: first tone heard for ${startHeardMs} ms of 1000`);
    expect({ startHeardMs, deadAir }).toEqual({ startHeardMs: expect.any(Number), deadAir: [] });
    expect(startHeardMs).toBeGreaterThanOrEqual(MIN_START_HEARD_MS);
  }, 120_000);

  it('after the user MPD restarted (its stream not open yet), the next song is still heard from its start', async () => {
    const pid = station.pidOf('mpd-user');
    process.kill(pid, 'SIGKILL');
    await eventually('mpd-user restarted', () => station.pidOf('mpd-user') !== pid, 20_000);
    await eventually(
      'the queue service back on the user MPD',
      () =>
        api('GET', '/admin/queue?playlist=user').then(
          () => true,
          () => false,
        ),
      30_000,
    );
    // Idle, it plays a second of silence at once: Liquidsoap hears its stream before any song is queued.
    await eventually(
      "Liquidsoap connected to the restarted user MPD's stream, no song queued",
      async () => (await liquidsoapCommand(station.ports.liquidsoapTelnet, 'user_http.status')).startsWith('connected'),
      10_000,
    );
    const { startHeardMs, deadAir } = await playSong();
    measured.push(`${expect.getState().currentTestName}: first tone heard for ${startHeardMs} ms of 1000`);
    expect({ startHeardMs, deadAir }).toEqual({ startHeardMs: expect.any(Number), deadAir: [] });
    expect(startHeardMs).toBeGreaterThanOrEqual(MIN_START_HEARD_MS);
  }, 120_000);
});
