import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';

import {
  eventually,
  freePort,
  liquidsoapCommand,
  type OwnedProcess,
  startHttpSource,
  startLiquidsoapScript,
} from '@h4k/testing';

/** One POST Liquidsoap made to the gateway. */
interface Call {
  path: string;
  body: Record<string, unknown>;
  at: number;
  authorization: string | undefined;
}

type Answer = (call: Call, response: ServerResponse) => void;
const status =
  (code: number): Answer =>
  (_call, response) => {
    response.writeHead(code, { 'Content-Type': 'application/json' }).end('{}');
  };

/** Short, so a silent DJ is seen within a test (production default: 10 s). */
const LIVE_SILENCE_SECONDS = 2;

/**
 * The station's liquidsoap/radio.liq itself (real Liquidsoap), talking to a stand-in for the gateway
 * that answers each callback the way a test scripts it: the gateway is what fails here, not the
 * thing under test.
 */
describe('radio.liq callbacks to the gateway', () => {
  const calls: Call[] = [];
  let answers: Record<string, Answer[]> = {};
  let gateway: Server;
  let liquidsoap: OwnedProcess;
  let harborPort: number;
  let telnetPort: number;
  const sources: OwnedProcess[] = [];

  const answer = (path: string, ...next: Answer[]) => (answers[path] = next);
  const callsTo = (path: string) => calls.filter((call) => call.path === path);
  const harbor = () => liquidsoapCommand(telnetPort, 'live.status');
  const source = (headers: Record<string, string> = {}, silentBetween?: readonly [number, number]) => {
    const started = startHttpSource({ harborPort, password: 'any-token', frequency: 880, headers, silentBetween });
    sources.push(started);
    return started;
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const path = request.url ?? '';
      const call: Call = {
        path,
        body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
        at: Date.now(),
        authorization: request.headers.authorization,
      };
      calls.push(call);
      // Scripted answers in order; the last one repeats. Unscripted paths (now-playing) get 204.
      const scripted = answers[path];
      const next = scripted && scripted.length > 1 ? scripted.shift() : scripted?.[0];
      (next ?? status(204))(call, response);
    });
  };

  beforeAll(async () => {
    gateway = createServer(handle);
    await new Promise<void>((done) => gateway.listen(0, '127.0.0.1', done));
    const address = gateway.address();
    if (typeof address !== 'object' || !address) throw new Error('no gateway port');
    [harborPort, telnetPort] = await Promise.all([freePort(), freePort()]);
    const env = {
      HARBOR_BIND: '127.0.0.1',
      HARBOR_PORT: String(harborPort),
      LIQUIDSOAP_TELNET_PORT: String(telnetPort),
      GATEWAY_URL: `http://127.0.0.1:${address.port}`,
      LIQUIDSOAP_TOKEN: 'callbacks-test-token',
      LIVE_GRACE_SECONDS: '0',
      LIVE_SILENCE_SECONDS: String(LIVE_SILENCE_SECONDS),
      // Nothing listens on these: the MPD tiers stay off and Icecast is retried in the background.
      ...Object.fromEntries(
        await Promise.all(
          ['ICECAST_PORT', 'MPD_USER_HTTP_PORT', 'MPD_FALLBACK_HTTP_PORT'].map(
            async (name) => [name, String(await freePort())] as const,
          ),
        ),
      ),
      ICECAST_SOURCE_PASSWORD: 'unused',
    };
    liquidsoap = await startLiquidsoapScript(resolve(__dirname, '../../../../liquidsoap/radio.liq'), telnetPort, env);
  }, 90_000);

  afterEach(async () => {
    await Promise.all(sources.splice(0).map((started) => started.stop('SIGKILL')));
    await eventually('the harbor is empty', async () => /^no source client connected/.test(await harbor()), 10_000);
    // Every path answered from now on; a callback still in its backoff (at most 4 s) drains first.
    answers = {};
    await new Promise((done) => setTimeout(done, 4_500));
    calls.splice(0);
  });

  afterAll(async () => {
    await liquidsoap?.stop();
    gateway?.closeAllConnections();
    await new Promise((done) => gateway?.close(done));
  });

  it('retries a refused connect and disconnect with a growing backoff, in order, the connect saying its age', async () => {
    answer('/internal/livestream/auth', status(200));
    answer('/internal/livestream/connect', status(503), status(502), status(504), status(200));
    answer('/internal/livestream/disconnect', status(503), status(204));
    const sourceStartedAt = Date.now();
    const dj = source({ 'ice-name': 'N'.repeat(5_000), 'ice-genre': 'techno' });
    await eventually('the connect recorded', () => callsTo('/internal/livestream/connect').length === 4, 15_000);

    const connects = callsTo('/internal/livestream/connect');
    const gaps = connects.slice(1).map((call, index) => call.at - (connects[index]?.at ?? 0));
    console.log(`connect retried after ${gaps.join(', ')} ms`);
    // 0.25 s, then doubling: lower bounds only, since a loaded machine can only add to a wait.
    expect(gaps[0]).toBeGreaterThanOrEqual(200);
    expect(gaps[1]).toBeGreaterThanOrEqual(450);
    expect(gaps[2]).toBeGreaterThanOrEqual(950);
    const ages = connects.map((call) => Number(call.body['age']));
    // The first attempt's age is the time since the connect, which came after the source started (not a
    // fixed bound: a loaded machine posts later, and the age must say so).
    expect(ages[0]).toBeGreaterThanOrEqual(0);
    expect(ages[0]).toBeLessThanOrEqual(((connects[0]?.at ?? 0) - sourceStartedAt) / 1000 + 0.1);
    expect(ages[3]).toBeGreaterThanOrEqual(((connects[3]?.at ?? 0) - (connects[0]?.at ?? 0)) / 1000 - 0.3);
    expect(connects.every((call) => call.authorization === 'Bearer callbacks-test-token')).toBe(true);
    const headers = connects[0]?.body['headers'] as Record<string, string>;
    expect(headers['ice-name']).toHaveLength(4096);
    expect(headers['ice-genre']).toBe('techno');
    expect(JSON.stringify(connects[0]?.body)).not.toMatch(/authorization/i);
    expect(await harbor()).toMatch(/^source client connected/);

    await dj.stop('SIGKILL');
    await eventually('the disconnect recorded', () => callsTo('/internal/livestream/disconnect').length === 2, 10_000);
    const [firstDisconnect] = callsTo('/internal/livestream/disconnect');
    expect(firstDisconnect?.at).toBeGreaterThan(connects[3]?.at ?? Infinity);
  });

  it('keeps retrying while the gateway is down (no answer at all), and stops once it answers a 4xx', async () => {
    answer('/internal/livestream/auth', status(200));
    // 404: the gateway answered (no grant for this connection): retrying cannot change that.
    answer('/internal/livestream/connect', (_call, response) => response.socket?.destroy(), status(404));
    source();
    await eventually('the connect answered', () => callsTo('/internal/livestream/connect').length === 2, 15_000);
    await new Promise((done) => setTimeout(done, 2_000));
    expect(callsTo('/internal/livestream/connect')).toHaveLength(2);
  });

  it('takes a DJ who sends silence off air after LIVE_SILENCE_SECONDS, keeps them connected, and puts them back when their audio returns', async () => {
    answer('/internal/livestream/auth', status(200));
    // Tone, then 8 s of digital silence (well past the 2 s limit plus the 2 s harbor buffer), then tone.
    source({}, [6, 14]);
    const reports = () =>
      callsTo('/internal/now-playing').map((call) => ({
        tier: call.body['tier'],
        silent: call.body['live_silent'],
        at: call.at,
      }));
    await eventually('live on air', () => reports().some((r) => r.tier === 'live' && r.silent === false), 20_000);
    const onAir = reports().find((r) => r.tier === 'live')?.at ?? 0;
    await eventually('the silent DJ off air', () => reports().some((r) => r.tier === 'noise' && r.silent), 20_000);
    const offAir = reports().find((r) => r.tier === 'noise' && r.silent)?.at ?? 0;
    expect(await harbor()).toMatch(/^source client connected/);
    await eventually('the DJ back on air', () => reports().some((r) => r.at > offAir && r.tier === 'live'), 20_000);
    const back = reports().find((r) => r.at > offAir && r.tier === 'live');
    console.log(
      `live on air, off air ${((offAir - onAir) / 1000).toFixed(1)} s later (6 s of tone, then silence), ` +
        `back ${(((back?.at ?? 0) - offAir) / 1000).toFixed(1)} s later (8 s of silence)`,
    );
    expect(back?.silent).toBe(false);
    // Off air no sooner than the tone ran out plus the limit, and the DJ never left.
    expect(offAir - onAir).toBeGreaterThan(LIVE_SILENCE_SECONDS * 1000);
    expect(callsTo('/internal/livestream/disconnect')).toEqual([]);
    expect(await harbor()).toMatch(/^source client connected/);
  }, 60_000);

  it('fails closed within about 2 s when the gateway does not answer the auth', async () => {
    answer('/internal/livestream/auth', () => undefined);
    const started = Date.now();
    const dj = source();
    await eventually('the auth asked', () => callsTo('/internal/livestream/auth').length === 1, 10_000);
    await eventually('the DJ refused', () => !dj.running, 10_000);
    const refusedAfter = Date.now() - (callsTo('/internal/livestream/auth')[0]?.at ?? started);
    console.log(`auth with a silent gateway refused after ${refusedAfter} ms`);
    expect(refusedAfter).toBeLessThan(4_000);
    expect(await harbor()).toMatch(/^no source client connected/);
    expect(callsTo('/internal/livestream/connect')).toEqual([]);
  });
});
