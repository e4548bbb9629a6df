import { spawnSync } from 'node:child_process';
import { type ClientRequest, get as httpGet } from 'node:http';
import { resolve } from 'node:path';

import { decodeStream, eventually, freePort, type OwnedProcess, startProcess, tempDir } from '@h4k/testing';

import { sharedStation } from './support/shared-station';

const RELAY_SCRIPT = resolve(__dirname, '../../../deploy/native/relay.sh');

interface StatusSource {
  listenurl?: string;
  listeners?: number;
}

async function sources(statusUrl: string): Promise<StatusSource[]> {
  const response = await fetch(statusUrl, { signal: AbortSignal.timeout(3000) });
  const body = (await response.json()) as { icestats?: { source?: StatusSource | StatusSource[] } };
  return [body.icestats?.source ?? []].flat();
}

const radioOf = (list: StatusSource[]) => list.find((source) => source.listenurl?.endsWith('/radio'));

/** A listener that only holds its place: status and first bytes, nothing decoded. */
function holdListener(url: string): {
  request: ClientRequest;
  answered: Promise<{ status: number; body: string; ms: number }>;
} {
  const started = Date.now();
  let request!: ClientRequest;
  const answered = new Promise<{ status: number; body: string; ms: number }>((resolve, reject) => {
    request = httpGet(url, (response) => {
      let body = '';
      response.once('data', (chunk: Buffer) => {
        body = chunk.toString('latin1');
        resolve({ status: response.statusCode ?? 0, body, ms: Date.now() - started });
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, ms: Date.now() - started }));
      response.on('error', () => undefined);
    });
    request.on('error', reject);
  });
  return { request, answered };
}

describe('npm run relay: an Icecast relay of the station on another port', () => {
  const station = sharedStation();
  let relay: OwnedProcess | undefined;
  let relayPort = 0;
  const relayUrl = (path: string) => `http://127.0.0.1:${relayPort}${path}`;

  beforeAll(async () => {
    relayPort = await freePort();
    relay = startProcess('bash', [
      RELAY_SCRIPT,
      ...['--master', station.icecastUrl('')],
      ...['--port', String(relayPort), '--bind', '127.0.0.1', '--hostname', '127.0.0.1'],
      ...['--max-listeners', '2', '--data-dir', tempDir('relay')],
    ]);
    await eventually(
      'the relay serves /radio',
      async () => {
        if (!relay?.running) throw new Error(`relay exited:\n${relay?.log}`);
        return radioOf(await sources(relayUrl('/status-json.xsl'))) !== undefined;
      },
      30_000,
    );
  });

  afterAll(async () => {
    await relay?.stop('SIGINT');
  });

  it('serves audio that ffmpeg decodes for 30 s, and refuses the listener past its own limit at once', async () => {
    // The relay pulls /radio from the station like one listener. It lists its /radio mount as soon as
    // it starts pulling, a moment before the station's Icecast counts it; and while the station's
    // Liquidsoap restarts (another spec's kill), Icecast counts it on /standby until /radio is back.
    await eventually(
      'the station counts the relay as a listener of /radio',
      async () => (radioOf(await sources(station.icecastUrl('/status-json.xsl')))?.listeners ?? 0) >= 1,
      20_000,
    );

    const decoding = decodeStream(relayUrl('/radio'), 30);
    const holder = holdListener(relayUrl('/radio'));
    expect((await holder.answered).status).toBe(200);
    await eventually(
      'two listeners on the relay',
      async () => radioOf(await sources(relayUrl('/status-json.xsl')))?.listeners === 2,
    );
    const refused = holdListener(relayUrl('/radio'));
    const answer = await refused.answered;
    refused.request.destroy();
    expect(answer).toEqual({
      status: 403,
      body: expect.stringMatching(/max listeners reached/),
      ms: expect.any(Number),
    });
    expect(answer.ms).toBeLessThan(2000);

    const decoded = await decoding;
    holder.request.destroy();
    expect(decoded.exitCode).toBe(0);
    expect(decoded.decodedSeconds).toBeGreaterThanOrEqual(29.5);
    // The station's fallback tones or its noise tier: on air, never digital silence.
    const audible = decoded.windows.filter((window) => window.rmsDb > -60).length;
    expect(audible).toBeGreaterThanOrEqual(28);
  });

  it('refuses bad settings before it starts anything, naming each', () => {
    const result = spawnSync(
      'bash',
      [RELAY_SCRIPT, '--master', 'https://radio.example:8005', '--port', '70000', '--mounts', '/radio,live'],
      { encoding: 'utf8', timeout: 10_000 },
    );
    expect(result.status).toBe(64);
    expect(result.stderr).toMatch(/--master: must be http:\/\/HOST/);
    expect(result.stderr).toMatch(/--port: must be 1-65535, got '70000'/);
    expect(result.stderr).toMatch(/--mounts: 'live' is not a stream path/);
  });

  it('stops on Ctrl-C and frees its port', async () => {
    await relay?.stop('SIGINT');
    expect(relay?.child.exitCode).toBe(0);
    await expect(fetch(relayUrl('/status-json.xsl'), { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  });
});
