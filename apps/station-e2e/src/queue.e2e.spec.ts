import { randomUUID } from 'node:crypto';

import type { QueueEntry } from '@h4k/contracts';
import { eventually, isTone, ToneMonitor, type ToneSample } from '@h4k/testing';
import {
  EventStream,
  filesIn,
  Listener,
  SONG_STATUSES,
  SONG_TONES,
  songStatus,
  UPLOAD_TONE,
} from '@h4k/testing/station';

import { sharedStation } from './support/shared-station';

interface NowPlaying {
  tier: string;
  title: string | null;
  artist: string | null;
  submitter: string | null;
  since: string;
}

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
}

const isStarterTone = (sample: ToneSample) => sample.rmsDb > -40 && sample.frequency > 280 && sample.frequency < 620;

/** Drops repeats: the tiers or titles as they changed. */
function changes<T>(values: T[]): T[] {
  return values.filter((value, index) => index === 0 || value !== values[index - 1]);
}

describe("listeners' songs: submitted by link and upload, queued fairly, played, then gone", () => {
  const station = sharedStation();
  const streams: EventStream<unknown>[] = [];
  let monitor: ToneMonitor;

  const admin = async (path: string): Promise<{ hold?: string | null; state?: string }> => {
    const response = await fetch(station.url(`/api${path}`), {
      method: 'POST',
      headers: { Authorization: `Bearer ${station.adminToken}` },
    });
    if (response.status !== 200) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { hold?: string | null; state?: string };
  };
  const queue = async (): Promise<QueueEntry[]> =>
    ((await (await fetch(station.url('/api/queue'))).json()) as { songs: QueueEntry[] }).songs;
  const userFiles = (id: string) => filesIn(station, 'music/user').filter((file) => file.includes(id));
  const opened = <T>(stream: EventStream<T>): EventStream<T> => {
    streams.push(stream as EventStream<unknown>);
    return stream;
  };

  /** The first time after `since` that the tone is on air for a whole second (a single window can sit between two pitches). */
  async function heard(what: string, matches: (sample: ToneSample) => boolean, since: number): Promise<number> {
    const deadline = Date.now() + 40_000;
    while (Date.now() < deadline) {
      const samples = monitor.samples;
      for (let index = 0; index + 3 < samples.length; index++) {
        const run = samples.slice(index, index + 4);
        if ((run[0]?.at ?? 0) >= since && run.every(matches)) return run[0]?.at ?? 0;
      }
      if (!monitor.running) throw new Error(`the /radio decoder stopped while waiting for ${what}: ${monitor.errors}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const recent = monitor.samples
      .slice(-8)
      .map((sample) => `${Math.round(sample.frequency)}Hz/${sample.rmsDb.toFixed(0)}dB`);
    throw new Error(`${what} not heard within 40 s (last windows: ${recent.join(' ')})`);
  }

  beforeAll(() => {
    monitor = new ToneMonitor(station.icecastUrl('/radio'));
  });

  afterAll(async () => {
    monitor?.stop();
    for (const stream of streams) stream.close();
    await admin('/admin/resume?playlist=user').catch(() => undefined);
  });

  it('holds 3 links of A and an upload of B in fair order, refuses A a 4th, then plays them on /radio and cleans up', async () => {
    const a = await Listener.mint(station);
    const b = await Listener.mint(station);
    const aEvents = opened(a.events());
    const bEvents = opened(b.events());
    const nowPlaying = opened(new EventStream<NowPlaying>(station.url('/api/now-playing/events')));
    await monitor.waitFor('the fallback before any listener song', isStarterTone, 30_000);
    expect(await admin('/admin/pause?playlist=user')).toEqual(expect.objectContaining({ hold: 'admin' }));

    // A's three links, one after the other so their own order is known; B uploads once they wait.
    const aIds: string[] = [];
    for (const hz of SONG_TONES) {
      const response = await a.addLink({ url: station.mediaLink(`tone-${hz}.ogg`), title: `A ${hz}`, artist: 'A' });
      const body = (await response.json()) as { id: string; status: string };
      expect({ status: response.status, body }).toEqual({
        status: 202,
        body: { id: expect.any(String), status: 'downloading' },
      });
      aIds.push(body.id);
    }
    for (const id of aIds)
      await aEvents.waitFor(`A's ${id} queued`, (e) => e.id === id && e.status === 'queued', 60_000);
    const upload = await b.upload(station.mediaFile(`tone-${UPLOAD_TONE}.ogg`), {
      title: `B ${UPLOAD_TONE}`,
      artist: 'B',
    });
    expect(upload.status).toBe(202);
    const bId = ((await upload.json()) as { id: string }).id;
    const bQueued = await bEvents.waitFor("B's upload queued", (e) => e.id === bId && e.status === 'queued', 60_000);

    // Progress: percent while downloading/processing, then the place in line; each sees only their own songs.
    for (const [stream, id] of [...aIds.map((id) => [aEvents, id] as const), [bEvents, bId] as const]) {
      const seen = stream.events.map((event) => event.data).filter((event) => event.id === id);
      const firstQueued = seen.findIndex((event) => event.status === 'queued');
      const progress = seen
        .slice(0, firstQueued)
        .filter((event) => event.status === 'downloading' || event.status === 'processing');
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.every((event) => typeof event.percent === 'number')).toBe(true);
      expect(seen[firstQueued]?.position).toEqual(expect.any(Number));
    }
    expect(aEvents.events.filter((event) => !aIds.includes(event.data.id))).toEqual([]);
    expect(bEvents.events.filter((event) => event.data.id !== bId)).toEqual([]);

    // Fair order: B's one song goes right after A's first, not behind all three.
    expect(bQueued.data.position).toBe(1);
    const order = [aIds[0], bId, aIds[1], aIds[2]] as string[];
    const listed = await queue();
    const userSongs = listed.filter((song) => song.tier === 'user');
    expect(userSongs.map((song) => song.id)).toEqual(order);
    expect(userSongs.map((song) => song.title)).toEqual(['A 660', 'B 990', 'A 770', 'A 880']);
    expect(userSongs[0]).toEqual(
      expect.objectContaining({ artist: 'A', durationSeconds: expect.closeTo(8, 0), submitter: expect.any(String) }),
    );
    expect(listed.slice(userSongs.length).every((song) => song.tier === 'fallback')).toBe(true);
    expect(listed.length).toBeGreaterThan(userSongs.length);
    expect(new Set(order.map((id) => userFiles(id).length))).toEqual(new Set([1]));

    // A's quota is full: a 4th link is refused at once and takes nothing.
    expect((await a.mine()).used).toBe(3);
    expect((await b.mine()).used).toBe(1);
    const fourth = await a.addLink({ url: station.mediaLink('tone-660.ogg?fourth=1') });
    expect({ status: fourth.status, body: (await fourth.json()) as ErrorBody }).toEqual({
      status: 429,
      body: expect.objectContaining({ statusCode: 429, message: expect.stringMatching(/limit of 3/) }),
    });
    expect((await a.mine()).used).toBe(3);

    // Resume: the four play in that order over the fallback, each gone from disk and quota once played.
    const resumedAt = Date.now();
    expect(await admin('/admin/resume?playlist=user')).toEqual(expect.objectContaining({ hold: null }));
    const tones = [SONG_TONES[0], UPLOAD_TONE, SONG_TONES[1], SONG_TONES[2]] as number[];
    const owners = [a, b, a, a];
    const heardAt: number[] = [];
    for (const [index, hz] of tones.entries()) {
      heardAt.push(await heard(`${hz} Hz`, isTone(hz), heardAt.at(-1) ?? resumedAt));
      if (index === 0) continue;
      const played = order[index - 1] as string;
      await eventually(`${played} played, its file deleted`, async () => {
        return (await songStatus(station, played)).status === 'played' && userFiles(played).length === 0;
      });
    }
    const fallbackAt = await heard('the fallback after the last listener song', isStarterTone, heardAt.at(-1) ?? 0);
    const last = order[3] as string;
    await eventually(`${last} played, its file deleted`, async () => {
      return (await songStatus(station, last)).status === 'played' && userFiles(last).length === 0;
    });
    expect((await a.mine()).used).toBe(0);
    expect((await b.mine()).used).toBe(0);
    expect(filesIn(station, 'music/user')).toEqual([]);

    // Each song's own stream told it: queued, playing, played.
    for (const [index, id] of order.entries()) {
      const stream = owners[index] === a ? aEvents : bEvents;
      const statuses = changes(stream.events.filter((event) => event.data.id === id).map((event) => event.data.status));
      expect(statuses.slice(-3)).toEqual(['queued', 'playing', 'played']);
    }

    // Now playing: fallback → user (the four, in order) → fallback.
    await nowPlaying.waitFor(
      'fallback back in now-playing',
      (event) => event.tier === 'fallback' && Date.parse(event.since) > resumedAt,
    );
    const beforeResume = nowPlaying.events.filter((event) => event.at < resumedAt);
    const afterResume = nowPlaying.events.filter((event) => event.at >= resumedAt);
    expect(beforeResume.at(-1)?.data.tier).toBe('fallback');
    // A fallback track change (or its late details) may come in before the user tier takes over.
    const tiers = changes(['fallback', ...afterResume.map((event) => event.data.tier)]);
    expect(tiers.slice(0, 3)).toEqual(['fallback', 'user', 'fallback']);
    const userEvents = afterResume.filter((event) => event.data.tier === 'user');
    expect(changes(userEvents.map((event) => event.data.title))).toEqual(['A 660', 'B 990', 'A 770', 'A 880']);
    expect(userEvents.every((event) => typeof event.data.submitter === 'string')).toBe(true);

    const firstUser = userEvents[0];
    const backToFallback = afterResume.find(
      (event) => event.data.tier === 'fallback' && event.at > (firstUser?.at ?? Infinity),
    );
    if (!firstUser || !backToFallback) throw new Error('tier changes missing');
    const lag = (event: { at: number; data: NowPlaying }) => event.at - Date.parse(event.data.since);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    process.stdout.write(
      [
        `resume → user tier on /now-playing/events: ${seconds(firstUser.at - resumedAt)}; audible on /radio: ${seconds((heardAt[0] ?? 0) - resumedAt)}`,
        `tier change (since) → SSE event arrived: user ${lag(firstUser)} ms, fallback ${lag(backToFallback)} ms`,
        `SSE ahead of a /radio listener: user ${seconds((heardAt[0] ?? 0) - firstUser.at)}, fallback ${seconds(fallbackAt - backToFallback.at)}`,
        `the four songs took ${seconds(fallbackAt - (heardAt[0] ?? 0))} on air (4 × 8 s)`,
        `A's first song on /queue/events: ${aEvents.events
          .filter((event) => event.data.id === order[0])
          .map(({ data }) => `${data.status}${data.percent ?? data.position ?? ''}`)
          .join(' → ')}`,
      ].join('\n') + '\n',
    );

    // Listeners only ever see the statuses the API documents (checked last: it hides nothing else).
    const statusesSeen = [...aEvents.events, ...bEvents.events].map((event) => event.data.status);
    expect([...new Set(statusesSeen.filter((status) => !SONG_STATUSES.includes(status)))]).toEqual([]);
  }, 240_000);

  it('accepts exactly max_queue_songs of 50 parallel links; the owner or an admin deletes them, another listener cannot', async () => {
    const listener = await Listener.mint(station, { max_queue_songs: 3 });
    const other = await Listener.mint(station);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, n) => listener.addLink({ url: station.mediaLink(`tone-660.ogg?n=${n + 1}`) })),
    );
    const bodies = await Promise.all(responses.map(async (response) => (await response.json()) as { id?: string }));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(47);
    const ids = bodies.flatMap((body, index) => (statuses[index] === 202 && body.id ? [body.id] : []));
    expect((await listener.mine()).used).toBe(3);

    const [first, ...rest] = ids as [string, ...string[]];
    const forbidden = await listener.remove(first, other.token);
    expect({ status: forbidden.status, body: (await forbidden.json()) as ErrorBody }).toEqual({
      status: 403,
      body: expect.objectContaining({ statusCode: 403, message: expect.any(String) }),
    });
    const byAdmin = await listener.remove(first, station.adminToken);
    expect({ status: byAdmin.status, body: await byAdmin.json() }).toEqual({ status: 200, body: { removed: true } });
    for (const id of rest) {
      const byOwner = await listener.remove(id);
      expect({ status: byOwner.status, body: await byOwner.json() }).toEqual({ status: 200, body: { removed: true } });
    }
    const unknown = await listener.remove(randomUUID());
    expect(unknown.status).toBe(404);

    await eventually('the slots freed', async () => (await listener.mine()).used === 0);
    for (const id of ids) {
      await eventually(`${id} removed, nothing on disk`, async () => {
        const leftovers = [...userFiles(id), ...filesIn(station, 'tmp/downloads').filter((file) => file.includes(id))];
        return (await songStatus(station, id)).status === 'removed' && leftovers.length === 0;
      });
    }
    expect((await queue()).filter((song) => song.id !== null && ids.includes(song.id))).toEqual([]);
  }, 120_000);
});
