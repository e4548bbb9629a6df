import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import type { LivestreamStatus, LivestreamUserUsage, QueueEntry } from '@h4k/contracts';
import {
  DeadAirDetector,
  eventually,
  liquidsoapCommand,
  type OwnedProcess,
  startToneEncoder,
  type ToneSample,
  writeTone,
} from '@h4k/testing';
import { EventStream, Listener, songStatus, type STATION_PROCESSES } from '@h4k/testing/station';

import { sharedStation } from './support/shared-station';

type Tier = 'live' | 'user' | 'fallback';
type ProcessName = (typeof STATION_PROCESSES)[number];

/** What one kill -9 cost the listeners and how long the station took to be itself again. */
interface Outcome {
  killed: ProcessName;
  tier: Tier;
  /** Kill → the runner's new PID; → up (Liquidsoap: telnet answers; the others: the new PID). */
  restartSeconds: number;
  readySeconds: number;
  /** Up → now-playing says the tier, /health is all up and the tier is heard on /radio. */
  backSeconds: number;
  /** Up → now-playing says the tier; → /health all up; what /health said was down last. */
  tierSeconds: number;
  healthSeconds: number;
  lastDown: string;
  /** Kill → the tier's own sound again on a /radio listener (through Caddy). */
  audibleSeconds: number;
  /** Longest stretch the listener heard nothing (silence, no bytes, or reconnecting). */
  longestSilence: number;
  reconnects: number;
}

const LIVE_TONE = 1000;
const USER_TONE = 720;
/** The longest song the e2e station takes (STATION_LIMITS.maxSongSeconds is 60). */
const USER_SONG_SECONDS = 58;
const AUDIBLE_DB = -50;

const isStarterTone = (window: { rmsDb: number; frequency: number }) =>
  window.rmsDb > -40 && window.frequency > 280 && window.frequency < 620;
const near = (hz: number) => (window: { rmsDb: number; frequency: number }) =>
  window.rmsDb > -40 && Math.abs(window.frequency - hz) < hz * 0.08;
const SOUND_OF: Record<Tier, (window: ToneSample) => boolean> = {
  live: near(LIVE_TONE),
  user: near(USER_TONE),
  fallback: isStarterTone,
};

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** Polls every 100 ms until `check` is true; resolves with the time it first was. */
async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return Date.now();
    } catch {
      // not answering yet: that is what is being waited out
    }
    if (Date.now() > deadline) throw new Error(`${what}: not true after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/**
 * The longest time between two audible windows after `since`, by arrival, or a silence run the
 * detector counted (a reconnect's burst can bring a silent stretch in at once).
 */
function longestSilence(listener: DeadAirDetector, since: number): number {
  let longest = 0;
  let lastAudible: number | undefined;
  for (const window of listener.windows) {
    if (window.rmsDb < AUDIBLE_DB) continue;
    if (window.at >= since && lastAudible !== undefined) longest = Math.max(longest, window.at - lastAudible);
    lastAudible = window.at;
  }
  const runs = listener.eventsSince(since).filter((event) => event.kind === 'silence');
  return Math.max(longest / 1000, ...runs.map((event) => event.seconds));
}

/** A DJ's encoder as BUTT or OBS run it: it connects again on its own when the connection drops. */
class ReconnectingDj {
  connects = 0;
  private current: OwnedProcess | undefined;
  private stopped = false;

  constructor(private readonly start: () => OwnedProcess) {
    this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.current?.stop('SIGINT');
  }

  private run(): void {
    if (this.stopped) return;
    this.connects++;
    const encoder = this.start();
    this.current = encoder;
    encoder.child.once('exit', () => setTimeout(() => this.run(), 500));
  }
}

describe('chaos: kill -9 of every part while the tier that needs it most is on air', () => {
  const station = sharedStation();
  const outcomes: Outcome[] = [];

  const api = async <T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: object): Promise<T> => {
    const response = await fetch(station.url(`/api${path}`), {
      method,
      headers: { Authorization: `Bearer ${station.adminToken}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const tierNow = async () => (await api<{ tier: string }>('GET', '/now-playing')).tier;
  const healthReport = async (): Promise<{ ok: boolean; down: string[] }> => {
    try {
      const response = await fetch(station.gatewayUrl('/health'), { signal: AbortSignal.timeout(3000) });
      const body = (await response.json()) as { details?: Record<string, { status?: string }> };
      const down = Object.entries(body.details ?? {}).flatMap(([part, { status }]) => (status === 'up' ? [] : [part]));
      return { ok: response.status === 200, down };
    } catch {
      return { ok: false, down: ['gateway'] };
    }
  };
  const userSongs = async () =>
    (await api<{ songs: QueueEntry[] }>('GET', '/queue')).songs.filter((song) => song.tier === 'user');
  const pidOf = (name: ProcessName) => {
    try {
      return station.pidOf(name);
    } catch {
      return undefined;
    }
  };
  const encoder = (token: string, name: string) =>
    startToneEncoder({
      harborPort: station.ports.harbor,
      password: token,
      frequency: LIVE_TONE,
      show: { name, description: 'chaos e2e' },
    });

  /** Up again: a new PID, and for Liquidsoap (~5 s to load its script) its telnet answering. */
  const readyAgain = async (name: ProcessName, oldPid: number): Promise<boolean> => {
    const now = pidOf(name);
    if (now === undefined || now === oldPid) return false;
    if (name !== 'liquidsoap') return true;
    return /END|\d/.test(await liquidsoapCommand(station.ports.liquidsoapTelnet, 'uptime', 1000));
  };

  async function killWhileOnAir(killed: ProcessName, tier: Tier): Promise<Outcome> {
    await eventually(`${tier} on air before killing ${killed}`, async () => (await tierNow()) === tier, 30_000);
    const listener = new DeadAirDetector(station.url('/radio'), { reconnect: true });
    try {
      await listener.waitForAudio(2000, 20_000);
      const pid = pidOf(killed);
      if (!pid) throw new Error(`no pid for ${killed}`);
      const killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
      const restartedAt = await until(`${killed} restarted`, () => pidOf(killed) !== pid && !!pidOf(killed), 30_000);
      const readyAt = await until(`${killed} ready`, () => readyAgain(killed, pid), 30_000);
      // Back = now-playing says the tier, /health is all up and a listener hears the tier's own sound
      // (half a second of it after the restart): now-playing alone goes stale while Liquidsoap is down.
      const sound = SOUND_OF[tier];
      let tierAt: number | undefined;
      let healthAt: number | undefined;
      let audibleAt: number | undefined;
      let down = '';
      await until(
        `${tier} back after ${killed} restarted`,
        async () => {
          const [onAir, report] = await Promise.all([tierNow().catch(() => undefined), healthReport()]);
          if (onAir === tier) tierAt ??= Date.now();
          else tierAt = undefined;
          if (report.ok) healthAt ??= Date.now();
          else [healthAt, down] = [undefined, report.down.join(' ')];
          const after = listener.windows.filter((window) => window.at >= restartedAt);
          const start = after.findIndex((_, index) => after.slice(index, index + 10).filter(sound).length === 10);
          audibleAt = after[start]?.at;
          return tierAt !== undefined && healthAt !== undefined && audibleAt !== undefined;
        },
        60_000,
      );
      const backAt = Math.max(tierAt ?? 0, healthAt ?? 0, audibleAt ?? 0);
      await sleep(1000);
      listener.stop();
      const outcome: Outcome = {
        killed,
        tier,
        restartSeconds: seconds(restartedAt - killedAt),
        readySeconds: seconds(readyAt - killedAt),
        backSeconds: seconds(backAt - readyAt),
        tierSeconds: seconds(Math.max(0, (tierAt ?? backAt) - readyAt)),
        healthSeconds: seconds(Math.max(0, (healthAt ?? backAt) - readyAt)),
        lastDown: down,
        audibleSeconds: seconds((audibleAt ?? backAt) - killedAt),
        longestSilence: seconds(longestSilence(listener, killedAt) * 1000),
        reconnects: listener.eventsSince(killedAt).filter((event) => event.kind === 'ended').length,
      };
      outcomes.push(outcome);
      return outcome;
    } finally {
      listener.stop();
    }
  }

  /**
   * The station is itself again: back on its tier (API, health and sound) within 5 s of the process
   * being up again, and a listener never without sound for 5 s (the bound stack.e2e holds Liquidsoap to).
   * Liquidsoap too, though the live tier needs the DJ's encoder to connect again first (1 s harbor buffer).
   */
  function expectRecovered(outcome: Outcome): void {
    expect({ killed: outcome.killed, backInTime: outcome.backSeconds <= 5 }).toEqual({
      killed: outcome.killed,
      backInTime: true,
    });
    expect({ killed: outcome.killed, silenceUnder5s: outcome.longestSilence < 5 }).toEqual({
      killed: outcome.killed,
      silenceUnder5s: true,
    });
  }

  afterAll(() => {
    const header =
      '| killed | tier on air | kill → new PID (s) | kill → up (s) | up → back on tier (s) | of which: tier in API, health | health down last | kill → tier heard (s) | longest silence (s) | listener reconnects |';
    const rows = outcomes.map(
      (outcome) =>
        `| ${outcome.killed} | ${outcome.tier} | ${outcome.restartSeconds} | ${outcome.readySeconds} | ${outcome.backSeconds} | ${outcome.tierSeconds}, ${outcome.healthSeconds} | ${outcome.lastDown || '-'} | ${outcome.audibleSeconds} | ${outcome.longestSilence} | ${outcome.reconnects} |`,
    );
    process.stdout.write(
      ['', 'chaos: kill -9 while on air', header, '|---|---|---|---|---|---|---|---|---|---|', ...rows, ''].join('\n'),
    );
  });

  it('runs Redis with an append-only file synced every second, as production does', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(station.ports.redis, '127.0.0.1', () =>
        socket.write(`AUTH ${station.redisPassword}\r\nCONFIG GET appendonly\r\nCONFIG GET appendfsync\r\n`),
      );
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString();
        if (/appendfsync\r\n\$\d+\r\n\w+\r\n/.test(text)) socket.end();
      });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.setTimeout(3000, () => socket.destroy());
    });
    expect(answer).toMatch(/appendonly\r\n\$3\r\nyes\r\n/);
    expect(answer).toMatch(/appendfsync\r\n\$8\r\neverysec\r\n/);
  });

  describe('on the fallback', () => {
    for (const killed of ['mpd-fallback', 'redis', 'downloader', 'caddy', 'icecast'] as const) {
      it(`${killed}`, async () => expectRecovered(await killWhileOnAir(killed, 'fallback')), 120_000);
    }
  });

  describe('during a listener song', () => {
    let songId: string | undefined;

    beforeAll(async () => {
      const file = station.mediaFile(`chaos-${USER_TONE}.ogg`);
      await writeTone(file, USER_TONE, USER_SONG_SECONDS, 'Chaos song');
      const listener = await Listener.mint(station);
      const response = await listener.addLink({
        url: station.mediaLink(`chaos-${USER_TONE}.ogg`),
        title: 'Chaos song',
      });
      if (response.status !== 202) throw new Error(`submission refused: ${response.status} ${await response.text()}`);
      songId = ((await response.json()) as { id: string }).id;
      await eventually('the listener song on air', async () => (await tierNow()) === 'user', 60_000);
    }, 90_000);

    afterAll(async () => {
      if (songId) await api('DELETE', `/queue/${songId}`).catch(() => undefined);
      await eventually('the listener queue empty again', async () => (await userSongs()).length === 0, 30_000);
      await eventually('the fallback back', async () => (await tierNow()) === 'fallback', 30_000);
    }, 60_000);

    for (const killed of ['queue', 'mpd-user'] as const) {
      it(`${killed}`, async () => expectRecovered(await killWhileOnAir(killed, 'user')), 120_000);
    }
  });

  describe('during a live DJ set', () => {
    let dj: ReconnectingDj | undefined;

    beforeAll(async () => {
      const { token } = await api<{ token: string }>('POST', '/admin/livestream/token', {
        user_id: `chaos-dj-${randomUUID().slice(0, 8)}`,
        max_streaming_seconds: 3600,
      });
      dj = new ReconnectingDj(() => encoder(token, 'Chaos set'));
      await eventually('the DJ on air', async () => (await tierNow()) === 'live', 30_000);
    }, 60_000);

    afterAll(async () => {
      await dj?.stop();
      await eventually(
        'no DJ',
        async () => (await api<LivestreamStatus>('GET', '/admin/livestream')).live == null,
        30_000,
      );
      await eventually('the fallback back', async () => (await tierNow()) === 'fallback', 30_000);
    }, 60_000);

    for (const killed of ['livestream', 'gateway', 'liquidsoap'] as const) {
      it(`${killed}`, async () => expectRecovered(await killWhileOnAir(killed, 'live')), 120_000);
    }
  });

  describe('state that survives a Redis kill', () => {
    const SONGS = 20;
    const LISTENERS = 5;
    const STATE_SONG_SECONDS = 2;

    it('kills Redis amid 20 parallel submissions and a live set: no song lost or played twice, quotas agree, DJ time and slot kept', async () => {
      await eventually('the fallback on air', async () => (await tierNow()) === 'fallback', 30_000);
      const run = randomUUID().slice(0, 8);
      await Promise.all(
        Array.from({ length: SONGS }, (_, n) =>
          writeTone(station.mediaFile(`state-${run}-${n}.ogg`), 600, STATE_SONG_SECONDS, `State ${n}`),
        ),
      );
      const listeners = await Promise.all(
        Array.from({ length: LISTENERS }, () => Listener.mint(station, { max_queue_songs: SONGS / LISTENERS })),
      );
      const nowPlaying = new EventStream<{ tier: string; title: string | null }>(
        station.url('/api/now-playing/events'),
      );

      // The live set: on air before the submissions, so the listeners' queue is held while they arrive.
      const djId = `chaos-state-dj-${run}`;
      const { token } = await api<{ token: string }>('POST', '/admin/livestream/token', {
        user_id: djId,
        max_streaming_seconds: 3600,
      });
      const dj = new ReconnectingDj(() => encoder(token, 'State set'));
      try {
        await eventually('the DJ on air', async () => (await tierNow()) === 'live', 30_000);
        const liveSince = Date.parse((await api<LivestreamStatus>('GET', '/admin/livestream')).live?.since ?? '');

        // 20 links in parallel, 4 per listener (their whole quota); Redis dies as the first answer comes back.
        const redisPid = pidOf('redis');
        if (!redisPid) throw new Error('no pid for redis');
        let killedAt = 0;
        const submissions = Array.from({ length: SONGS }, (_, n) => {
          const owner = listeners[n % LISTENERS] as Listener;
          return owner
            .addLink({ url: station.mediaLink(`state-${run}-${n}.ogg?n=${n}`), title: `State ${run} ${n}` })
            .then(async (response) => {
              if (!killedAt) {
                killedAt = Date.now();
                process.kill(redisPid, 'SIGKILL');
              }
              return {
                n,
                owner,
                status: response.status,
                body: (await response.json()) as { id?: string; message?: string },
              };
            });
        });
        const answers = await Promise.all(submissions);
        await until('redis restarted', () => (pidOf('redis') ?? redisPid) !== redisPid, 30_000);
        await until('the station healthy again', async () => (await healthReport()).ok, 60_000);
        const accepted = answers.filter((answer) => answer.status === 202 && answer.body.id);
        const refused = answers.filter((answer) => answer.status !== 202);

        // Each accepted song reaches the queue; none is lost.
        const statusOf = async (id: string) => (await songStatus(station, id).catch(() => undefined))?.status;
        const settled = new Map<string, string | undefined>();
        await eventually(
          'every accepted song queued (or refused with a reason)',
          async () => {
            for (const { body } of accepted) settled.set(body.id as string, await statusOf(body.id as string));
            return [...settled.values()].every((status) => status === 'queued' || status === 'failed');
          },
          90_000,
        ).catch(() => undefined);
        const lost = [...settled].filter(([, status]) => status !== 'queued');
        const queued = await userSongs();
        const queuedIds = queued.map((song) => song.id);
        const duplicates = queuedIds.filter((id, index) => queuedIds.indexOf(id) !== index);
        const acceptedIds = new Set(accepted.map((answer) => answer.body.id));
        // Songs in the queue nobody was told were accepted (a lost answer) would be charged silently.
        const unannounced = queuedIds.filter((id) => !acceptedIds.has(id ?? undefined));

        // Quotas: each listener's slots are exactly their songs in the queue.
        const quotas = await Promise.all(
          listeners.map(async (listener) => {
            const mine = await listener.mine();
            const inQueue = queued.filter((song) => mine.songs.some((own) => own.id === song.id)).length;
            return {
              used: mine.used,
              inQueue,
              accepted: accepted.filter((answer) => answer.owner === listener).length,
            };
          }),
        );

        // The slot is still the DJ's; their streamed total matches the wall clock once they stop.
        const liveAfter = (await api<LivestreamStatus>('GET', '/admin/livestream')).live;
        const djConnects = dj.connects;
        await dj.stop();
        const stoppedAt = Date.now();
        let streamed = 0;
        await eventually(
          'the DJ set accounted',
          async () => {
            const usage = (await api<LivestreamUserUsage[]>('GET', '/admin/livestream/users')).find(
              (user) => user.userId === djId,
            );
            streamed = usage?.usedSeconds ?? 0;
            return streamed > 0 && (await api<LivestreamStatus>('GET', '/admin/livestream')).live == null;
          },
          30_000,
        );
        const truth = (stoppedAt - liveSince) / 1000;

        // The queue plays once the DJ left: every song once, none twice.
        await eventually('the queue played out', async () => (await userSongs()).length === 0, 150_000);
        await eventually('the fallback back', async () => (await tierNow()) === 'fallback', 30_000);
        const titles = nowPlaying.events
          .filter((event) => event.data.tier === 'user')
          .map((event) => event.data.title)
          .filter((title, index, all) => index === 0 || title !== all[index - 1]);
        const playedTwice = titles.filter((title, index) => titles.indexOf(title) !== index);
        const played = await Promise.all(accepted.map(async ({ body }) => statusOf(body.id as string)));
        const usedAfter = await Promise.all(listeners.map(async (listener) => (await listener.mine()).used));

        process.stdout.write(
          [
            '',
            `redis kill -9 amid ${SONGS} parallel submissions (${killedAt ? 'killed at the first answer' : 'not killed'}) and a live set:`,
            `  answers: ${accepted.length} accepted (202), refused: ${refused.map((answer) => answer.status).join(', ') || 'none'}`,
            ...[...new Set(refused.map((answer) => `    ${answer.status}: ${answer.body.message ?? ''}`))],
            `  accepted → queued: ${accepted.length - lost.length}, lost: ${lost.length}${lost.length ? ` (${lost.map(([id, status]) => `${id}:${status}`).join(' ')})` : ''}, duplicates in the queue: ${duplicates.length}, queued without a 202: ${unannounced.length}`,
            `  quota vs queue per listener (used/in queue/accepted): ${quotas.map((q) => `${q.used}/${q.inQueue}/${q.accepted}`).join(' ')}`,
            `  played: ${played.filter((status) => status === 'played').length}/${accepted.length}, titles on air twice: ${playedTwice.length}, quota after: ${usedAfter.join(' ')}`,
            `  DJ: slot after the kill ${liveAfter?.userId === djId ? 'still theirs' : `lost (${liveAfter?.userId ?? 'nobody'})`}, encoder connections ${djConnects}, streamed ${streamed} s vs wall clock ${truth.toFixed(1)} s`,
            '',
          ].join('\n'),
        );
        // A refusal is "try again" with a reason (503 store unavailable, 504 a lost RPC), never a bare 500.
        expect(refused.filter((answer) => ![503, 504].includes(answer.status) || !answer.body.message)).toEqual([]);
        expect(lost).toEqual([]);
        expect(duplicates).toEqual([]);
        expect(unannounced).toEqual([]);
        for (const quota of quotas) expect(quota.used).toBe(quota.inQueue);
        expect(liveAfter?.userId).toBe(djId);
        expect(Math.abs(streamed - truth)).toBeLessThanOrEqual(1);
        expect(playedTwice).toEqual([]);
        expect(played.filter((status) => status !== 'played')).toEqual([]);
        expect(usedAfter).toEqual(listeners.map(() => 0));
      } finally {
        nowPlaying.close();
        await dj.stop();
      }
    }, 360_000);
  });
});
