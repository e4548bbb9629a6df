import { setTimeout as sleep } from 'node:timers/promises';

import { DeadAirDetector, type OwnedProcess, startToneEncoder, writeTone } from '@h4k/testing';
import { Listener, MediaServer, songStatus, TestStation } from '@h4k/testing/station';

/**
 * How long each kind of tier switch takes to be heard, on the real stack: one listener decodes
 * Icecast's /radio (50 ms windows, by arrival), each tier plays its own sound (fallback: the
 * 330/440/550 Hz starter tones, listener songs 720 Hz, the DJ 1000 Hz, noise above 1.5 kHz).
 * For every switch: seconds from the action until the next tier is heard for half a second, and
 * the longest stretch without audible sound in between. `FAILOVER_RUNS` (default 20) per kind.
 * The actions: DJ start (ffmpeg connects, over the fallback), DJ stop (ffmpeg ends its set),
 * DJ kick (POST /admin/livestream/kick), user song start (the song reported queued), user queue
 * end (the last window of the song's tone: crossfaded, so ~0 s), admin pause (of the listeners'
 * queue mid-song → fallback), MPD killed (kill -9 of the user MPD mid-song → fallback).
 * DJ stalls (a network hiccup: the encoder SIGSTOPped, its connection open, then SIGCONT): a short
 * one (STALL_SHORT s, inside the 3 s grace) from SIGCONT until the DJ is heard again, and whether the
 * fallback was heard meanwhile (it should not be); a long one (STALL_LONG s) from SIGSTOP until the
 * fallback is heard (the grace kept: ~1 s buffer + 3 s grace + the fade).
 * `FAILOVER_ONLY=dj` runs the DJ kinds only.
 */
const RUNS = Number(process.env['FAILOVER_RUNS'] ?? 20);
const DJ_ONLY = process.env['FAILOVER_ONLY'] === 'dj';
const STALL_SHORT = 2;
const STALL_LONG = 6;
const USER_TONE = 720;
const LIVE_TONE = 1000;
const SONG_SECONDS = 6;
const AUDIBLE_DB = -50;

type Sound = 'fallback' | 'user' | 'live' | 'noise';
type Kind =
  | 'DJ start'
  | 'DJ stop'
  | 'DJ kick'
  | `DJ stall ${typeof STALL_SHORT} s → DJ back`
  | `DJ stall ${typeof STALL_LONG} s → next tier`
  | 'user song start'
  | 'user queue end'
  | 'admin pause'
  | 'MPD killed';

interface Window {
  at: number;
  rmsDb: number;
  frequency: number;
}

const SOUNDS: Record<Sound, (window: Window) => boolean> = {
  fallback: (w) => w.rmsDb > -40 && w.frequency > 280 && w.frequency < 620,
  user: (w) => w.rmsDb > -40 && Math.abs(w.frequency - USER_TONE) < USER_TONE * 0.08,
  live: (w) => w.rmsDb > -40 && Math.abs(w.frequency - LIVE_TONE) < LIVE_TONE * 0.08,
  noise: (w) => w.rmsDb > -45 && w.frequency > 1500,
};

async function main(): Promise<void> {
  // SIGTERM ends the runs early; the table is still printed for the runs done.
  let stopRequested = false;
  process.once('SIGTERM', () => (stopRequested = true));
  const media = await MediaServer.start();
  const station = await TestStation.start(media);
  const listener = new DeadAirDetector(station.icecastUrl('/radio'), { reconnect: true });
  const results = new Map<Kind, { seconds: number; silence: number }[]>();

  /** The longest stretch without an audible window from `since` to `until`, in seconds. */
  function silenceBetween(since: number, until: number): number {
    let silence = 0;
    let last = since;
    for (const window of listener.windows) {
      if (window.at < since || window.at > until || window.rmsDb < AUDIBLE_DB) continue;
      silence = Math.max(silence, window.at - last);
      last = window.at;
    }
    return silence / 1000;
  }

  /** Half a second of `sound` heard after `since`: when it started, and the longest silence from `since` to then. */
  async function heard(sound: Sound, since: number, timeoutMs = 60_000): Promise<{ at: number; silence: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const after = listener.windows.filter((window) => window.at >= since);
      const start = after.findIndex((_, index) => after.slice(index, index + 10).filter(SOUNDS[sound]).length === 10);
      const found = after[start];
      if (found) return { at: found.at, silence: silenceBetween(since, found.at) };
      if (Date.now() > deadline) throw new Error(`${sound} not heard within ${timeoutMs} ms`);
      await sleep(100);
    }
  }
  const record = (kind: Kind, from: number, result: { at: number; silence: number }) => {
    const list = results.get(kind) ?? [];
    list.push({ seconds: (result.at - from) / 1000, silence: result.silence });
    results.set(kind, list);
  };
  /** A 6 s listener song, queued (the user tier takes over at once unless held). */
  const songs = await Listener.mint(station, { max_queue_songs: 50 });
  let songCount = 0;
  const submitSong = async (): Promise<{ id: string; queuedAt: number }> => {
    const response = await songs.addLink({ url: station.mediaLink(`failover-${USER_TONE}.ogg?n=${++songCount}`) });
    if (response.status !== 202) throw new Error(`song refused: ${response.status} ${await response.text()}`);
    const { id } = (await response.json()) as { id: string };
    for (;;) {
      const { status } = await songStatus(station, id);
      if (status === 'queued' || status === 'playing') return { id, queuedAt: Date.now() };
      if (status === 'failed' || status === 'removed') throw new Error(`song ${id} ${status}`);
      await sleep(50);
    }
  };
  const encoders: OwnedProcess[] = [];
  let fallbackInShortStall = 0;
  const dj = async (run: number): Promise<OwnedProcess> => {
    const { token } = await station.admin<{ token: string }>('POST', '/admin/livestream/token', {
      user_id: `bench-failover-${run}-${Date.now()}`,
      max_streaming_seconds: 600,
    });
    const encoder = startToneEncoder({ harborPort: station.ports.harbor, password: token, frequency: LIVE_TONE });
    encoders.push(encoder);
    return encoder;
  };
  const noDj = async () => {
    while ((await station.admin<{ live: unknown }>('GET', '/admin/livestream')).live) await sleep(100);
  };

  try {
    await writeTone(station.mediaFile(`failover-${USER_TONE}.ogg`), USER_TONE, SONG_SECONDS, 'Failover song');
    await heard('fallback', Date.now(), 60_000);
    for (let run = 1; run <= RUNS && !stopRequested; run++) {
      // DJ start over the fallback, then the DJ's encoder stops (SIGINT, as a DJ ends a set).
      let from = Date.now();
      const encoder = await dj(run);
      record('DJ start', from, await heard('live', from));
      await sleep(2000);
      from = Date.now();
      await encoder.stop('SIGINT');
      record('DJ stop', from, await heard('fallback', from));
      await noDj();

      // DJ kicked by the admin.
      const kicked = await dj(run);
      await heard('live', Date.now());
      await sleep(2000);
      from = Date.now();
      await station.admin('POST', '/admin/livestream/kick');
      record('DJ kick', from, await heard('fallback', from));
      await kicked.stop('SIGKILL');
      await noDj();

      // Network hiccups: the encoder stalls with its connection open, shorter and longer than the grace.
      const stalled = await dj(run);
      const pid = stalled.child.pid ?? 0;
      await heard('live', Date.now());
      await sleep(2000);
      const stallFrom = Date.now();
      process.kill(pid, 'SIGSTOP');
      await sleep(STALL_SHORT * 1000);
      from = Date.now();
      process.kill(pid, 'SIGCONT');
      const back = await heard('live', from);
      record(`DJ stall ${STALL_SHORT} s → DJ back`, from, { at: back.at, silence: silenceBetween(stallFrom, back.at) });
      const duringStall = listener.windows.filter((window) => window.at >= stallFrom && window.at <= back.at);
      // 0.2 s of it: one window half tone, half silence reads as half the tone's pitch
      if (duringStall.some((_, index) => duringStall.slice(index, index + 4).filter(SOUNDS.fallback).length === 4))
        fallbackInShortStall++;
      await sleep(2000);
      from = Date.now();
      process.kill(pid, 'SIGSTOP');
      record(`DJ stall ${STALL_LONG} s → next tier`, from, await heard('fallback', from));
      await sleep(Math.max(0, from + STALL_LONG * 1000 - Date.now()));
      process.kill(pid, 'SIGCONT');
      await heard('live', Date.now());
      await stalled.stop('SIGINT');
      await noDj();
      // what the harbor still held (up to 3 s after a stall) has played
      await heard('fallback', Date.now());
      if (DJ_ONLY) {
        console.log(
          `run ${run}/${RUNS}: ${[...results].map(([kind, list]) => `${kind} ${list.at(-1)?.seconds.toFixed(1)} s`).join(', ')}`,
        );
        continue;
      }

      // A listener's song: queued → heard; it ends → the fallback.
      const song = await submitSong();
      const userHeard = await heard('user', song.queuedAt);
      record('user song start', song.queuedAt, userHeard);
      let lastUser = userHeard.at;
      while (Date.now() - lastUser < 1500) {
        const latest = listener.windows.filter(SOUNDS.user).at(-1);
        if (latest) lastUser = latest.at;
        await sleep(100);
      }
      record('user queue end', lastUser, await heard('fallback', lastUser));

      // The admin pauses the listeners' queue mid-song → the fallback.
      const paused = await submitSong();
      await heard('user', paused.queuedAt);
      await sleep(1000);
      from = Date.now();
      await station.admin('POST', '/admin/pause?playlist=user');
      record('admin pause', from, await heard('fallback', from));
      await station.admin('DELETE', `/queue/${paused.id}`);
      await station.admin('POST', '/admin/resume?playlist=user');

      // The user MPD dies mid-song → the fallback.
      const killedSong = await submitSong();
      await heard('user', killedSong.queuedAt);
      await sleep(1000);
      from = Date.now();
      process.kill(station.pidOf('mpd-user'), 'SIGKILL');
      record('MPD killed', from, await heard('fallback', from));
      await station.admin('DELETE', `/queue/${killedSong.id}`).catch(() => undefined);
      while (
        ((await station.admin<{ songs: { tier: string }[] }>('GET', '/queue')).songs ?? []).some(
          (s) => s.tier === 'user',
        )
      )
        await sleep(200);
      await heard('fallback', Date.now());
      console.log(
        `run ${run}/${RUNS}: ${[...results].map(([kind, list]) => `${kind} ${list.at(-1)?.seconds.toFixed(1)} s`).join(', ')}`,
      );
    }
  } finally {
    listener.stop();
    await Promise.all(encoders.map((encoder) => encoder.stop('SIGKILL')));
    await station.stop();
    await media.stop();
  }

  const stat = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length / 2;
    const median =
      sorted.length % 2 ? (sorted[Math.floor(middle)] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
    return { median: median.toFixed(1), max: (sorted.at(-1) ?? 0).toFixed(1) };
  };
  const runs = results.get('DJ start')?.length ?? 0;
  console.log(`\nfailover, ${runs} runs per kind (listener on Icecast /radio, 50 ms windows)`);
  console.log('| switch | next tier audible: median (s) | max (s) | longest silence: median (s) | max (s) |');
  console.log('|---|---|---|---|---|');
  for (const [kind, list] of results) {
    const audible = stat(list.map((entry) => entry.seconds));
    const silence = stat(list.map((entry) => entry.silence));
    console.log(`| ${kind} | ${audible.median} | ${audible.max} | ${silence.median} | ${silence.max} |`);
  }
  console.log(
    `\nfallback heard during a ${STALL_SHORT} s DJ stall (inside the grace): ${fallbackInShortStall} of ${runs} runs`,
  );
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
