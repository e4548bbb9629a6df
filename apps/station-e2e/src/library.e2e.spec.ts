import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

import type { LibraryPage, LibrarySong, PlaybackState, PlaylistContents } from '@h4k/contracts';
import { eventually } from '@h4k/testing';
import { filesIn, Listener, SONG_SECONDS, songReached, songStatus, type StationView } from '@h4k/testing/station';

import { sharedStation } from './support/shared-station';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
}

interface NowPlaying {
  tier: string;
  title: string | null;
}

/** A song's download into the library or the user queue takes a few seconds; a loaded CI box, more. */
const DOWNLOAD_MS = 60_000;

describe('the fallback library and the admin queue, through Caddy', () => {
  const station = sharedStation();
  const added: string[] = [];
  let before: LibrarySong[];
  let uploadId: string;
  let linkId: string;
  let uploadTitle: string;

  const fallbackFiles = () => filesIn(station, 'music/fallback');
  const library = async (query = 'page_size=200'): Promise<LibraryPage> =>
    ok<LibraryPage>(station, 'GET', `/admin/library?${query}`);
  const playlist = (name: 'user' | 'fallback'): Promise<PlaylistContents> =>
    ok<PlaylistContents>(station, 'GET', `/admin/queue?playlist=${name}`);
  const nowPlaying = async (): Promise<NowPlaying> =>
    (await (await fetch(station.url('/api/now-playing'))).json()) as NowPlaying;

  beforeAll(async () => {
    before = (await library()).songs;
  });

  afterAll(async () => {
    // A failed test may have left its songs behind: the shared station goes back to its starter tones.
    for (const id of added) await call(station, 'DELETE', `/admin/library/${id}`);
  });

  it('adds an upload and a link: each downloaded, then listed, in the fallback playlist and on disk', async () => {
    const tag = randomUUID().slice(0, 8);
    uploadTitle = `Library upload ${tag}`;
    const upload = await call(station, 'POST', '/admin/library', {
      form: await audioForm(station.mediaFile('tone-990.ogg'), { title: uploadTitle }),
    });
    const link = await call(station, 'POST', '/admin/library', {
      json: { url: station.mediaLink(`tone-880.ogg?library=${tag}`) },
    });
    for (const accepted of [upload, link]) {
      expect(accepted).toEqual({ status: 202, body: { id: expect.any(String), status: 'downloading' } });
    }
    uploadId = (upload.body as { id: string }).id;
    linkId = (link.body as { id: string }).id;
    added.push(uploadId, linkId);

    for (const id of added) {
      await songReached(station, id, ['added'], DOWNLOAD_MS);
    }
    expect(await songStatus(station, uploadId)).toEqual({ id: uploadId, status: 'added' });

    // Found by search (the link's title is the source's, so it is found by its file name), one song each.
    const byTitle = await library(`search=${encodeURIComponent(uploadTitle.toUpperCase())}`);
    expect(byTitle).toEqual({
      songs: [
        {
          id: uploadId,
          file: `${uploadId}.ogg`,
          title: uploadTitle,
          // The field overrides the title only; the file's own artist tag (writeTone's) stays.
          artist: 'h4k-test',
          durationSeconds: expect.closeTo(SONG_SECONDS, 0),
        },
      ],
      total: 1,
      page: 1,
      pageSize: 50,
    });
    const byFile = await library(`search=${linkId}&page=1&page_size=1`);
    expect(byFile).toEqual({
      songs: [expect.objectContaining({ id: linkId, file: `${linkId}.ogg`, title: expect.any(String) })],
      total: 1,
      page: 1,
      pageSize: 1,
    });

    // The whole library: the starter tones plus both, and pages of 2 that add up to it, in title order.
    const all = await library();
    expect(all.total).toBe(before.length + 2);
    expect(all.songs.map((song) => song.id).sort()).toEqual([...before.map((song) => song.id), ...added].sort());
    const titles = all.songs.map((song) => song.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })));
    const pages: LibrarySong[] = [];
    for (let page = 1; page <= Math.ceil(all.total / 2); page++) {
      const one = await library(`page=${page}&page_size=2`);
      expect({ total: one.total, page: one.page, pageSize: one.pageSize }).toEqual({
        total: all.total,
        page,
        pageSize: 2,
      });
      pages.push(...one.songs);
    }
    expect(pages).toEqual(all.songs);
    expect(await library(`page=${Math.ceil(all.total / 2) + 1}&page_size=2`)).toEqual({
      songs: [],
      total: all.total,
      page: Math.ceil(all.total / 2) + 1,
      pageSize: 2,
    });

    const fallback = await playlist('fallback');
    for (const id of added) {
      expect(fallback.songs.filter((song) => song.id === id)).toEqual([
        expect.objectContaining({ id, file: `${id}.ogg`, submitter: null, current: expect.any(Boolean) }),
      ]);
    }
    expect(fallbackFiles()).toEqual(expect.arrayContaining([`${uploadId}.ogg`, `${linkId}.ogg`]));
  }, 120_000);

  it('PATCH rewrites title and artist; the list and the fallback playlist show them', async () => {
    const retagged = await call(station, 'PATCH', `/admin/library/${linkId}`, {
      json: { title: 'Renamed', artist: 'Someone' },
    });
    expect(retagged).toEqual({
      status: 200,
      body: expect.objectContaining({ id: linkId, file: `${linkId}.ogg`, title: 'Renamed', artist: 'Someone' }),
    });
    expect((await library(`search=${linkId}`)).songs).toEqual([
      expect.objectContaining({ id: linkId, title: 'Renamed', artist: 'Someone' }),
    ]);
    expect((await library('search=someone')).songs.map((song) => song.id)).toEqual([linkId]);
    expect((await playlist('fallback')).songs.find((song) => song.id === linkId)).toEqual(
      expect.objectContaining({ title: 'Renamed', artist: 'Someone' }),
    );
    expect(fallbackFiles()).toContain(`${linkId}.ogg`);
  });

  it('DELETE of the song on air: its file, list entry and playlist entry go; the fallback plays on', async () => {
    // Skip the (shuffled) fallback until the song is on air, so its deletion is the hard case.
    for (let skips = 0; (await playlist('fallback')).songs.find((song) => song.current)?.id !== linkId; skips++) {
      if (skips >= 30) throw new Error(`${linkId} never became the current fallback song in 30 skips`);
      await ok<PlaybackState>(station, 'POST', '/admin/skip?playlist=fallback');
    }
    await eventually(
      'the renamed song on air',
      async () => {
        const now = await nowPlaying();
        return now.tier === 'fallback' && now.title === 'Renamed';
      },
      30_000,
    );

    expect(await call(station, 'DELETE', `/admin/library/${linkId}`)).toEqual({
      status: 200,
      body: { removed: true },
    });
    expect(fallbackFiles()).not.toContain(`${linkId}.ogg`);
    expect((await library(`search=${linkId}`)).total).toBe(0);
    expect((await library()).songs.map((song) => song.id)).not.toContain(linkId);
    const fallback = await playlist('fallback');
    expect(fallback.songs.map((song) => song.id)).not.toContain(linkId);
    expect(fallback.songs.filter((song) => song.current)).toEqual([expect.objectContaining({ current: true })]);
    // The player moved on to another song instead of stopping (a stopped fallback MPD would put noise on air).
    await eventually(
      'another fallback song on air',
      async () => {
        const now = await nowPlaying();
        return now.tier === 'fallback' && now.title !== null && now.title !== 'Renamed';
      },
      30_000,
    );
    const replay = await call(station, 'DELETE', `/admin/library/${linkId}`);
    expect(replay).toEqual({
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'no such song in the library' },
    });
  }, 120_000);

  it('DELETE of the other song leaves the library as it was found', async () => {
    expect(await call(station, 'DELETE', `/admin/library/${uploadId}`)).toEqual({
      status: 200,
      body: { removed: true },
    });
    expect(fallbackFiles()).not.toContain(`${uploadId}.ogg`);
    expect((await library()).songs).toEqual(before);
    expect((await playlist('fallback')).songs.map((song) => song.id).sort()).toEqual(
      before.map((song) => song.id).sort(),
    );
    expect((await nowPlaying()).tier).toBe('fallback');
  });

  it("admin user queue: an admin's link is queued as the station's; clear empties it, a listener's song too", async () => {
    const userFiles = () => filesIn(station, 'music/user');
    expect(await ok<PlaybackState>(station, 'POST', '/admin/pause?playlist=user')).toEqual(
      expect.objectContaining({ playlist: 'user', hold: 'admin' }),
    );
    try {
      const tag = randomUUID();
      const listener = await Listener.mint(station);
      const listened = await listener.addLink({ url: station.mediaLink(`tone-660.ogg?clear=${tag}`) });
      expect(listened.status).toBe(202);
      const listenerSong = ((await listened.json()) as { id: string }).id;
      const queued = await call(station, 'POST', '/admin/queue/add', {
        json: { url: station.mediaLink(`tone-770.ogg?clear=${tag}`), title: 'Station pick' },
      });
      expect(queued).toEqual({ status: 202, body: { id: expect.any(String), status: 'downloading' } });
      const stationSong = (queued.body as { id: string }).id;
      for (const id of [listenerSong, stationSong]) {
        await songReached(station, id, ['queued'], DOWNLOAD_MS);
      }
      expect((await listener.mine()).used).toBe(1);

      const user = await playlist('user');
      expect(user.songs.find((song) => song.id === stationSong)).toEqual(
        expect.objectContaining({ title: 'Station pick', submitter: 'the station', current: expect.any(Boolean) }),
      );
      const theirs = user.songs.find((song) => song.id === listenerSong);
      expect(theirs?.submitter).toEqual(expect.any(String));
      expect(theirs?.submitter).not.toBe('the station');
      expect(userFiles().filter((file) => file.includes(stationSong) || file.includes(listenerSong))).toHaveLength(2);

      const cleared = await call(station, 'POST', '/admin/queue/clear?playlist=user');
      expect(cleared).toEqual({ status: 200, body: { removed: expect.any(Number) } });
      expect((cleared.body as { removed: number }).removed).toBeGreaterThanOrEqual(2);
      expect(userFiles()).toEqual([]);
      expect((await playlist('user')).songs).toEqual([]);
      expect(await listener.mine()).toEqual(expect.objectContaining({ used: 0 }));
      expect((await songStatus(station, listenerSong)).status).toBe('removed');
      expect((await songStatus(station, stationSong)).status).toBe('removed');
    } finally {
      await call(station, 'POST', '/admin/resume?playlist=user');
    }
    expect((await playlist('fallback')).songs.map((song) => song.id).sort()).toEqual(
      before.map((song) => song.id).sort(),
    );
  }, 120_000);
});

interface Tokens {
  user: string;
  livestream: string;
  liquidsoap: string;
}

interface Refusal {
  name: string;
  status: number;
  message: RegExp;
  send: (station: StationView, tokens: Tokens, starterId: string) => Promise<Reply>;
}

const NOT_ADMIN = /^not a valid admin token$/;

/** Admin routes a non-admin token must not open; the pause would take the fallback off air if it got in. */
const ADMIN_ROUTES: { route: string; send: (station: StationView, token: string) => Promise<Reply> }[] = [
  { route: 'GET /admin/library', send: (station, token) => call(station, 'GET', '/admin/library', { token }) },
  {
    route: 'POST /admin/library',
    send: (station, token) =>
      call(station, 'POST', '/admin/library', { token, json: { url: station.mediaLink('tone-660.ogg?guard=1') } }),
  },
  {
    route: 'POST /admin/pause?playlist=fallback',
    send: async (station, token) => {
      const reply = await call(station, 'POST', '/admin/pause?playlist=fallback', { token });
      if (reply.status === 200) await call(station, 'POST', '/admin/play?playlist=fallback');
      return reply;
    },
  },
];

const refusals: Refusal[] = [
  ...(['GET /admin/queue', 'DELETE /admin/queue/mpd:1', 'POST /admin/queue/clear'] as const).map((route): Refusal => ({
    name: `${route}?playlist=nope`,
    status: 400,
    message: /^playlist: /,
    send: (station) => {
      const [method, path] = route.split(' ') as [string, string];
      return call(station, method, `${path}?playlist=nope`);
    },
  })),
  {
    name: 'POST /admin/queue/clear?playlist=fallback',
    status: 400,
    message: /fallback playlist is never cleared/,
    send: (station) => call(station, 'POST', '/admin/queue/clear?playlist=fallback'),
  },
  {
    name: 'DELETE /admin/library/{unknown uuid}',
    status: 404,
    message: /^no such song in the library$/,
    send: (station) => call(station, 'DELETE', `/admin/library/${randomUUID()}`),
  },
  {
    name: 'DELETE /admin/library/{unknown path id}',
    status: 404,
    message: /^no such song in the library$/,
    send: (station) => call(station, 'DELETE', `/admin/library/f_${Buffer.from('nope.ogg').toString('base64url')}`),
  },
  {
    name: 'PATCH /admin/library/{unknown uuid}',
    status: 404,
    message: /^no such song in the library$/,
    send: (station) => call(station, 'PATCH', `/admin/library/${randomUUID()}`, { json: { title: 'x' } }),
  },
  {
    name: 'PATCH /admin/library/{id} with an empty body',
    status: 400,
    message: /give a title, an artist or both/,
    send: (station, _tokens, starterId) => call(station, 'PATCH', `/admin/library/${starterId}`, { json: {} }),
  },
  ...(['user', 'livestream', 'liquidsoap'] as const).flatMap((kind) =>
    ADMIN_ROUTES.map(({ route, send }): Refusal => ({
      name: `a ${kind} token on ${route}`,
      status: 401,
      message: NOT_ADMIN,
      send: (station, tokens) => send(station, tokens[kind]),
    })),
  ),
  {
    name: 'POST /admin/library with an ftp:// link',
    status: 400,
    message: /only http and https/,
    send: (station) => call(station, 'POST', '/admin/library', { json: { url: 'ftp://example.com/song.ogg' } }),
  },
  {
    name: 'POST /admin/library with both a link and a file',
    status: 400,
    message: /either .* not both/,
    send: async (station) =>
      call(station, 'POST', '/admin/library', {
        form: await audioForm(station.mediaFile('tone-990.ogg'), { url: station.mediaLink('tone-990.ogg?both=1') }),
      }),
  },
  {
    name: 'POST /admin/library with neither a link nor a file',
    status: 400,
    message: /send a link/,
    send: (station) => call(station, 'POST', '/admin/library', { json: { title: 'nothing' } }),
  },
];

describe('admin library and queue routes refuse bad input with a JSON reason, changing nothing', () => {
  const station = sharedStation();
  let tokens: Tokens;
  let starterId: string;

  beforeAll(async () => {
    const livestream = await ok<{ token: string }>(station, 'POST', '/admin/livestream/token', {
      json: { max_streaming_seconds: 60 },
    });
    tokens = {
      user: (await Listener.mint(station)).token,
      livestream: livestream.token,
      liquidsoap: station.liquidsoapToken,
    };
    const first = (await ok<LibraryPage>(station, 'GET', '/admin/library?page_size=1')).songs[0];
    if (!first) throw new Error('the library is empty');
    starterId = first.id;
  });

  it.each(refusals)('$name → $status', async ({ status, message, send }) => {
    const library = () => ok<LibraryPage>(station, 'GET', '/admin/library?page_size=200');
    const work = () => [...filesIn(station, 'music/fallback'), ...filesIn(station, 'tmp/uploads')].sort();
    const libraryBefore = await library();
    const filesBefore = work();
    const reply = await send(station, tokens, starterId);
    expect(reply).toEqual({
      status,
      body: { statusCode: status, error: expect.any(String), message: expect.anything() },
    });
    expect([(reply.body as ErrorBody).message].flat().join('; ')).toMatch(message);
    expect(await library()).toEqual(libraryBefore);
    expect(work()).toEqual(filesBefore);
  });

  it('keeps the internal routes out of the OpenAPI document and closed to the admin token', async () => {
    const docs = (await (await fetch(station.url('/api/docs-json'))).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/admin/library', '/admin/queue/clear']));
    expect(Object.keys(docs.paths).filter((path) => /internal/i.test(path))).toEqual([]);
    for (const path of ['/internal/now-playing', '/internal/livestream/auth']) {
      const direct = await fetch(station.gatewayUrl(path), {
        method: 'POST',
        headers: { Authorization: `Bearer ${station.adminToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ tier: 'noise', title: 'hijack', artist: null, age: 0 }),
      });
      expect({ path, status: direct.status, body: await direct.json() }).toEqual({
        path,
        status: 401,
        body: { statusCode: 401, error: 'Unauthorized', message: 'not a valid liquidsoap token' },
      });
      expect((await fetch(station.url(`/api${path}`), { method: 'POST' })).status).toBe(404);
    }
    const now = (await (await fetch(station.url('/api/now-playing'))).json()) as NowPlaying;
    expect(now.title).not.toBe('hijack');
  });
});

interface Reply {
  status: number;
  body: unknown;
}

/** One request through Caddy with the admin token unless told otherwise; the reply's status and JSON body. */
async function call(
  station: StationView,
  method: string,
  path: string,
  { token = station.adminToken, json, form }: { token?: string; json?: object; form?: FormData } = {},
): Promise<Reply> {
  const response = await fetch(station.url(`/api${path}`), {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(json && { 'Content-Type': 'application/json' }) },
    body: json ? JSON.stringify(json) : form,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** An admin call that must succeed with 200 (or 201 for a minted token): its JSON body. */
async function ok<T>(station: StationView, method: string, path: string, options?: { json?: object }): Promise<T> {
  const reply = await call(station, method, path, options);
  if (reply.status !== 200 && reply.status !== 201) {
    throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return reply.body as T;
}

/** A multipart form with one audio file as `file` (as the admin panel uploads it). */
async function audioForm(path: string, fields: Record<string, string>): Promise<FormData> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(await readFile(path))], { type: 'audio/ogg' }), basename(path));
  return form;
}
