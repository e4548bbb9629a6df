import { createHmac, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { eventually, freePort } from '@h4k/testing';
import {
  EventStream,
  filesIn,
  Listener,
  type SongStatus,
  songStatus,
  STATION_LIMITS,
  type StationView,
} from '@h4k/testing/station';

import { sharedStation } from './support/shared-station';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
}

/** An HS256 JWT, signed as the gateway would (or with another secret, for a forgery). */
function signJwt(payload: object, secret: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

function jwtSecretOf(station: StationView): string {
  const match = /^JWT_SECRET=(.+)$/m.exec(readFileSync(join(station.dataDir, 'secrets.env'), 'utf8'));
  if (!match?.[1]) throw new Error('no JWT_SECRET in the station secrets');
  return match[1];
}

function userClaims(secondsFromNow: number): object {
  const now = Math.floor(Date.now() / 1000);
  return { type: 'user', sub: randomUUID(), max_queue_songs: 3, iat: now - 3600, exp: now + secondsFromNow };
}

const MAX_MIB = Math.round(STATION_LIMITS.maxDownloadBytes / 1024 / 1024);
const EXEC_MARKER = join(tmpdir(), `h4k-e2e-exec-${process.pid}`);
/** One reason for every link that leads inside: which address, or whether it resolved, stays in the log. */
const LEADS_INSIDE = /^refused: the link points to an address the station may not fetch$/;

interface Attempt {
  station: StationView;
  listener: Listener;
  /** A song this attempt had accepted first (quota, duplicate): its own file is not the attempt's doing. */
  accepted?: string;
}

interface Refusal {
  name: string;
  status: number | number[];
  message: RegExp;
  maxQueueSongs?: number;
  maxAddRequests?: number;
  /** Run before the counted attempt; returns the id of a song it had accepted. */
  prepare?: (attempt: Attempt) => Promise<string>;
  send: (attempt: Attempt) => Promise<Response>;
}

const post = (station: StationView, init: RequestInit) =>
  fetch(station.url('/api/queue/add'), { method: 'POST', ...init });
const json = (token: string | undefined, body: object): RequestInit => ({
  headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});
const tone = (station: StationView, tag: string) => station.mediaLink(`tone-770.ogg?case=${tag}-${randomUUID()}`);

const acceptedLink = async ({ listener }: Attempt, url: string): Promise<string> => {
  const response = await listener.addLink({ url });
  if (response.status !== 202)
    throw new Error(`the first link was refused: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
};

const refusals: Refusal[] = [
  {
    name: 'no token',
    status: 401,
    message: /missing.*Authorization/i,
    send: ({ station }) => post(station, json(undefined, { url: tone(station, 'none') })),
  },
  {
    name: 'a forged token (signed with another secret)',
    status: 401,
    message: /invalid token/,
    send: ({ station }) =>
      post(station, json(signJwt(userClaims(3600), 'not-the-secret'), { url: tone(station, 'x') })),
  },
  {
    name: 'an expired token',
    status: 401,
    message: /expired/,
    send: ({ station }) =>
      post(station, json(signJwt(userClaims(-60), jwtSecretOf(station)), { url: tone(station, 'x') })),
  },
  {
    name: 'a livestream token',
    status: 401,
    message: /not a user token/,
    send: async ({ station }) => {
      const minted = await fetch(station.url('/api/admin/livestream/token'), {
        method: 'POST',
        headers: { Authorization: `Bearer ${station.adminToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ user_id: 'e2e-queue-dj', max_streaming_seconds: 60 }),
      });
      const { token } = (await minted.json()) as { token: string };
      return post(station, json(token, { url: tone(station, 'live') }));
    },
  },
  {
    name: 'the admin token as a user token',
    status: 401,
    message: /invalid token|user token/,
    send: ({ station }) => post(station, json(station.adminToken, { url: tone(station, 'admin') })),
  },
  {
    name: 'both a link and a file',
    status: 400,
    message: /either .* not both/,
    send: async ({ station, listener }) => {
      const form = new FormData();
      form.append('url', tone(station, 'both'));
      form.append('file', new Blob([new Uint8Array(readFileSync(station.mediaFile('tone-990.ogg')))]), 'tone-990.ogg');
      return post(station, { headers: { Authorization: `Bearer ${listener.token}` }, body: form });
    },
  },
  {
    name: 'neither a link nor a file',
    status: 400,
    message: /send a link/,
    send: ({ station, listener }) => post(station, json(listener.token, {})),
  },
  {
    name: 'an ftp:// link',
    status: 400,
    message: /only http and https/,
    send: ({ listener }) => listener.addLink({ url: 'ftp://example.com/song.mp3' }),
  },
  {
    name: 'a yt-dlp option as the link',
    status: 400,
    message: /command-line option/,
    send: ({ listener }) => listener.addLink({ url: `--exec=touch ${EXEC_MARKER}` }),
  },
  {
    name: 'loopback on a port not allowed',
    status: 400,
    message: LEADS_INSIDE,
    send: async ({ listener }) => listener.addLink({ url: `http://127.0.0.1:${await freePort()}/x` }),
  },
  {
    name: 'a private address',
    status: 400,
    message: LEADS_INSIDE,
    send: ({ listener }) => listener.addLink({ url: 'http://10.0.0.1/x' }),
  },
  {
    name: 'the cloud metadata address',
    status: 400,
    message: LEADS_INSIDE,
    send: ({ listener }) => listener.addLink({ url: 'http://169.254.169.254/latest' }),
  },
  {
    name: 'loopback spelled as IPv4-mapped IPv6',
    status: 400,
    message: LEADS_INSIDE,
    send: async ({ listener }) => listener.addLink({ url: `http://[::ffff:7f00:1]:${await freePort()}/x` }),
  },
  {
    name: 'a YouTube playlist link',
    status: 400,
    message: /playlist/,
    send: ({ listener }) => listener.addLink({ url: 'https://www.youtube.com/playlist?list=PLxyz' }),
  },
  {
    name: 'an upload larger than MAX_DOWNLOAD_BYTES',
    status: 413,
    message: new RegExp(`larger than ${MAX_MIB} MiB`),
    send: ({ station, listener }) => listener.upload(station.mediaFile('big.ogg')),
  },
  {
    name: 'an uploaded text file',
    status: [400, 415],
    message: /not audio/,
    send: ({ station, listener }) => listener.upload(station.mediaFile('not-audio.ogg')),
  },
  {
    name: 'an upload longer than MAX_SONG_SECONDS',
    status: 400,
    message: new RegExp(`90 s long; the limit is ${STATION_LIMITS.maxSongSeconds} s`),
    send: ({ station, listener }) => listener.upload(station.mediaFile('long.ogg')),
  },
  {
    name: 'a link over the quota',
    maxQueueSongs: 1,
    status: 429,
    message: /limit of 1 song/,
    prepare: (attempt) => acceptedLink(attempt, tone(attempt.station, 'quota-first')),
    send: ({ station, listener }) => listener.addLink({ url: tone(station, 'quota-second') }),
  },
  {
    name: 'a token past its max_add_requests',
    maxAddRequests: 1,
    status: 429,
    message: /1 submissions \(max_add_requests\) are used up/,
    prepare: (attempt) => acceptedLink(attempt, tone(attempt.station, 'adds-first')),
    send: ({ station, listener }) => listener.addLink({ url: tone(station, 'adds-second') }),
  },
  {
    name: 'the same link twice while it waits',
    status: 409,
    message: /already/,
    prepare: (attempt) => acceptedLink(attempt, attempt.station.mediaLink('tone-880.ogg?case=twice')),
    send: ({ station, listener }) => listener.addLink({ url: station.mediaLink('tone-880.ogg?case=twice') }),
  },
];

describe('POST /queue/add refuses bad input at once, leaving nothing behind', () => {
  const station = sharedStation();
  const work = () => [...filesIn(station, 'music/user'), ...filesIn(station, 'tmp/uploads')];

  it.each(refusals)('$name → $status', async (refusal) => {
    const listener = await Listener.mint(station, {
      max_queue_songs: refusal.maxQueueSongs ?? 3,
      ...(refusal.maxAddRequests && { max_add_requests: refusal.maxAddRequests }),
    });
    const attempt: Attempt = { station, listener };
    try {
      attempt.accepted = await refusal.prepare?.(attempt);
      const usedBefore = (await listener.mine()).used;
      const filesBefore = work();
      const response = await refusal.send(attempt);
      const body = (await response.json()) as ErrorBody;
      expect([refusal.status].flat()).toContain(response.status);
      expect(body).toEqual({ statusCode: response.status, error: expect.any(String), message: expect.anything() });
      expect([body.message].flat().join('; ')).toMatch(refusal.message);
      const newFiles = work().filter((file) => !filesBefore.includes(file) && !file.includes(attempt.accepted ?? '\0'));
      expect(newFiles).toEqual([]);
      expect((await listener.mine()).used).toBe(usedBefore);
      expect(existsSync(EXEC_MARKER)).toBe(false);
    } finally {
      if (attempt.accepted) await listener.remove(attempt.accepted);
    }
  });
});

describe('a link refused once fetched: accepted, then failed with a reason, nothing kept', () => {
  const station = sharedStation();

  it.each([
    { name: 'long.ogg', reason: new RegExp(`90 s long; the limit is ${STATION_LIMITS.maxSongSeconds} s`) },
    { name: 'not-audio.ogg', reason: /not audio/ },
    { name: 'big.ogg', reason: new RegExp(`larger than ${MAX_MIB} MiB`) },
    { name: 'playlist.html', reason: /playlist/ },
  ])('$name: $reason', async ({ name, reason }) => {
    const listener = await Listener.mint(station);
    const events = listener.events();
    let songEvents: EventStream<SongStatus> | undefined;
    try {
      const response = await listener.addLink({ url: station.mediaLink(name) });
      expect(response.status).toBe(202);
      const { id } = (await response.json()) as { id: string };
      songEvents = new EventStream<SongStatus>(station.url(`/api/queue/${id}/events`));
      const isFailed = (event: SongStatus) => event.id === id && event.status === 'failed';
      const failed = await events.waitFor(`${name} failed on /queue/events`, isFailed, 60_000);
      expect(failed.data.reason).toMatch(reason);
      const failedToo = await songEvents.waitFor(`${name} failed on /queue/{id}/events`, isFailed, 10_000);
      expect(failedToo.data).toEqual(failed.data);
      expect(await songStatus(station, id)).toEqual(
        expect.objectContaining({ status: 'failed', reason: failed.data.reason }),
      );
      await eventually('the slot given back', async () => (await listener.mine()).used === 0);
      const leftovers = [...filesIn(station, 'music/user'), ...filesIn(station, 'tmp/downloads')];
      expect(leftovers.filter((file) => file.includes(id))).toEqual([]);
    } finally {
      events.close();
      songEvents?.close();
    }
  });
});
