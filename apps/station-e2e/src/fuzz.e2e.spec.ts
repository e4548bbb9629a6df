import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

import { eventually } from '@h4k/testing';
import * as fc from 'fast-check';

import { sharedStation } from './support/shared-station';

interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: 'path' | 'query' | 'header' }[];
  bodies: string[];
  streams: boolean;
}

const SPEC = JSON.parse(readFileSync(resolve(__dirname, '../../gateway/openapi.json'), 'utf8')) as {
  paths: Record<
    string,
    Record<string, { parameters?: Operation['parameters']; requestBody?: { content: Record<string, unknown> } }>
  >;
};

/** Every route the gateway publishes, read from the committed OpenAPI spec (checked current in CI). */
const OPERATIONS: Operation[] = Object.entries(SPEC.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({
    method: method.toUpperCase(),
    path,
    parameters: operation.parameters ?? [],
    bodies: Object.keys(operation.requestBody?.content ?? {}),
    streams: path.endsWith('/events'),
  })),
);

/**
 * Where requests may leave files: the music dirs, temp uploads, and the processes' own state
 * (public/: the now-playing file the gateway rewrites every second; recordings/: Liquidsoap's
 * recordings of live sets, which other specs' DJs leave there at any time; run/logrotate.state: the
 * runner's log rotation, which records each pass on its own timer).
 */
const WRITABLE = ['music', 'tmp', 'redis', 'mpd', 'logs', 'pm2', 'icecast', 'caddy', 'home', 'public', 'recordings'];
const WRITABLE_FILES = ['run/logrotate.state'];

function snapshot(root: string): Map<string, string> {
  const seen = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const name = relative(root, path);
      if (WRITABLE.includes(name.split('/')[0] ?? '') || WRITABLE_FILES.includes(name)) continue;
      if (entry.isDirectory()) walk(path);
      else {
        const stat = statSync(path);
        seen.set(name, `${stat.size}:${stat.mtimeMs}`);
      }
    }
  };
  walk(root);
  return seen;
}

/** Strings that have broken parsers before: boundaries, encodings, traversal, injections, huge. */
const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e309',
    'NaN',
    'null',
    'true',
    '[]',
    '{}',
    '../../../../etc/passwd',
    '..%2f..%2fsecrets.env',
    '%00',
    '\u0000',
    '\u202e',
    'user',
    'fallback',
    '__proto__',
    'constructor',
    '$(id)',
    '--exec=id',
    'ytsearch:x',
    'file:///etc/passwd',
    'A'.repeat(5000),
  ),
);

const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(
    fc.constantFrom(
      'url',
      'title',
      'artist',
      'duration_seconds',
      'max_queue_songs',
      'max_streaming_seconds',
      'user_id',
      'label',
      '__proto__',
    ),
    fc.oneof(hostile, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(hostile, { maxLength: 3 })),
  ),
);

/** A JWT-shaped token signed with the wrong key, and one whose header asks for no signature at all. */
function forgedTokens(): string[] {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = b64({ sub: 'x', kind: 'admin', max_queue_songs: 1000, exp: Math.floor(Date.now() / 1000) + 3600 });
  const header = b64({ alg: 'HS256', typ: 'JWT' });
  const signature = createHmac('sha256', 'not-the-secret').update(`${header}.${claims}`).digest('base64url');
  return [`${header}.${claims}.${signature}`, `${b64({ alg: 'none', typ: 'JWT' })}.${claims}.`];
}

/** fetch's "fetch failed" hides the reason (reset, refused, bad header) in `cause` (another realm's Error under jest). */
function describeFailure(error: unknown): string {
  const { message, cause } = (error ?? {}) as { message?: string; cause?: { message?: string; code?: string } };
  return [message ?? String(error), cause?.message, cause?.code].filter(Boolean).join(': ');
}

describe('every route of the OpenAPI spec, fuzzed (fast-check)', () => {
  const station = sharedStation();
  const tokens: Record<string, string | undefined> = { none: undefined, garbage: 'Bearer x.y.z' };

  beforeAll(async () => {
    const admin = { Authorization: `Bearer ${station.adminToken}`, 'Content-Type': 'application/json' };
    const listener = await fetch(station.gatewayUrl('/admin/token'), {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ duration_seconds: 3600, max_queue_songs: 2 }),
    });
    const dj = await fetch(station.gatewayUrl('/admin/livestream/token'), {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ max_streaming_seconds: 60, user_id: 'fuzz-dj' }),
    });
    expect([listener.status, dj.status]).toEqual([201, 201]);
    tokens['admin'] = `Bearer ${station.adminToken}`;
    tokens['listener'] = `Bearer ${((await listener.json()) as { token: string }).token}`;
    tokens['dj'] = `Bearer ${((await dj.json()) as { token: string }).token}`;
    forgedTokens().forEach((token, index) => (tokens[`forged${index}`] = `Bearer ${token}`));
  });

  const restoreTheAir = async () => {
    const admin = { Authorization: `Bearer ${station.adminToken}` };
    for (const playlist of ['user', 'fallback']) {
      await fetch(station.gatewayUrl(`/admin/resume?playlist=${playlist}`), { method: 'POST', headers: admin });
    }
    await fetch(station.gatewayUrl('/admin/setup-autoplay'), { method: 'POST', headers: admin });
  };

  // Also when the test fails half-way: the specs after this one share the station.
  afterAll(restoreTheAir);

  it('never answers 5xx, never drops a connection, never restarts a service, writes nothing outside its dirs', async () => {
    const pids = Object.fromEntries(
      ['gateway', 'queue', 'downloader', 'livestream'].map((name) => [name, station.pidOf(name)]),
    );
    const before = snapshot(station.dataDir);
    const failures: string[] = [];
    let requests = 0;

    const request = fc.record({
      operation: fc.constantFrom(...OPERATIONS),
      token: fc.constantFrom(...Object.keys(tokens)),
      pathValues: fc.array(hostile, { minLength: 2, maxLength: 2 }),
      query: fc.dictionary(
        fc.oneof(fc.constantFrom('playlist', 'page', 'page_size', 'search', 'token'), fc.string({ maxLength: 8 })),
        hostile,
        {
          maxKeys: 3,
        },
      ),
      body: fc.oneof(
        jsonBody.map((value) => ({ kind: 'json' as const, value })),
        fc.string({ unit: 'binary', maxLength: 200 }).map((value) => ({ kind: 'raw' as const, value })),
        fc
          .record({
            fields: fc.dictionary(fc.constantFrom('title', 'artist', 'url', 'x'), hostile, { maxKeys: 3 }),
            file: fc.uint8Array({ maxLength: 512 }),
          })
          .map((value) => ({ kind: 'multipart' as const, value })),
      ),
      forwardedFor: fc.ipV4(),
    });

    await fc.assert(
      fc.asyncProperty(request, async ({ operation, token, pathValues, query, body, forwardedFor }) => {
        let index = 0;
        const path = operation.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(pathValues[index++] ?? ''));
        const url = new URL(station.gatewayUrl(path));
        for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
        // Spread over many client addresses so the per-address limits (a correct 429) do not hide the routes.
        const headers: Record<string, string> = { 'X-Forwarded-For': forwardedFor };
        const authorization = tokens[token];
        if (authorization) headers['Authorization'] = authorization;
        let payload: string | FormData | undefined;
        if (operation.method !== 'GET' && operation.method !== 'DELETE') {
          if (body.kind === 'json') {
            payload = JSON.stringify(body.value);
            headers['Content-Type'] = 'application/json';
          } else if (body.kind === 'raw') {
            payload = body.value;
            headers['Content-Type'] = 'application/json';
          } else {
            const form = new FormData();
            for (const [name, value] of Object.entries(body.value.fields)) form.append(name, value);
            form.append('file', new Blob([body.value.file]), 'fuzz.mp3');
            payload = form;
          }
        }
        const abort = new AbortController();
        const timer = setTimeout(() => abort.abort(), operation.streams ? 800 : 15_000);
        requests++;
        try {
          const response = await fetch(url, { method: operation.method, headers, body: payload, signal: abort.signal });
          if (response.status >= 500) {
            failures.push(
              `${operation.method} ${url.pathname}${url.search} [${token}] → ${response.status} ${await response.text()}`,
            );
          }
          if (!operation.streams) await response.arrayBuffer();
        } catch (error) {
          // An event stream is cut by the test itself; anything else that ends a request is a failure.
          if (!(operation.streams && abort.signal.aborted)) {
            failures.push(`${operation.method} ${url.pathname} [${token}] → ${describeFailure(error)}`);
          }
        } finally {
          clearTimeout(timer);
          abort.abort();
        }
      }),
      { numRuns: 600, seed: Number(process.env['H4K_FUZZ_SEED'] ?? Date.now() % 2 ** 31) },
    );

    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThanOrEqual(600);
    for (const [name, pid] of Object.entries(pids)) expect({ name, pid: station.pidOf(name) }).toEqual({ name, pid });
    const after = snapshot(station.dataDir);
    expect([...after].filter(([name, state]) => before.get(name) !== state)).toEqual([]);
    // Valid admin calls among the random ones may have paused a playlist (then /health says off air):
    // put the air back, and the whole station must answer healthy again.
    await restoreTheAir();
    await eventually(
      'the station healthy and on air again',
      async () => (await fetch(station.gatewayUrl('/health'))).status === 200,
      30_000,
    );
  }, 600_000);
});
