import { type IncomingHttpHeaders, request } from 'node:http';
import { join } from 'node:path';

import { loadDownloaderEnv, SYSTEM_YTDLP_PATH } from '@h4k/config';
import { refusedAddressClass, systemResolveAll } from '@h4k/egress-policy';
import { tempDir, writeTone } from '@h4k/testing';

import { YtDlp } from '../fetch/yt-dlp';
import { YtdlpBinaries } from '../fetch/ytdlp-binary';
import { SongRefused } from '../jobs/song-refused';
import { type RecordingServer, startRecordingServer } from '../testing/recording-server';
import { EgressProxy, type EgressSession } from './egress-proxy';

jest.setTimeout(60_000);

const secrets = {
  ADMIN_API_TOKEN: 'unit-admin-token-0123456789',
  LIQUIDSOAP_TOKEN: 'unit-liquidsoap-token-0123456789',
  JWT_SECRET: 'unit-jwt-secret-0123456789',
};

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One plain-http request through the proxy, as yt-dlp sends it (absolute URI, proxy credentials). */
function viaProxy(session: EgressSession | null, proxyPort: number, target: string): Promise<Answer> {
  const auth = session ? new URL(session.proxyUrl) : null;
  const headers = auth
    ? { 'proxy-authorization': `Basic ${Buffer.from(`${auth.username}:x`).toString('base64')}` }
    : undefined;
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port: proxyPort, path: target, headers }, (answer) => {
      let body = '';
      answer.on('data', (chunk: Buffer) => (body += chunk.toString('latin1')));
      answer.on('end', () => resolve({ status: answer.statusCode ?? 0, headers: answer.headers, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** A CONNECT through the proxy; on 200, one HTTP request through the tunnel. Returns the status line(s). */
function connectViaProxy(session: EgressSession, proxyPort: number, authority: string): Promise<string> {
  const auth = new URL(session.proxyUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request({
      host: '127.0.0.1',
      port: proxyPort,
      method: 'CONNECT',
      path: authority,
      headers: { 'proxy-authorization': `Basic ${Buffer.from(`${auth.username}:x`).toString('base64')}` },
    });
    outgoing.on('connect', (answer, socket) => {
      if (answer.statusCode !== 200) {
        socket.destroy();
        resolve(`CONNECT ${answer.statusCode ?? 0}`);
        return;
      }
      let reply = '';
      socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
      socket.on('end', () => resolve(`CONNECT 200; ${reply.split('\r\n')[0] ?? ''}`));
      socket.write(`GET /tone.ogg HTTP/1.1\r\nHost: ${authority}\r\nConnection: close\r\n\r\n`);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('egress proxy (real yt-dlp, local HTTP servers)', () => {
  let mediaDir: string;
  let inside: RecordingServer;
  // Debian's yt-dlp, pinned: what these checks were measured with.
  const env = loadDownloaderEnv({ ...secrets, DOWNLOAD_TIMEOUT_SECONDS: '20', YTDLP_PATH: SYSTEM_YTDLP_PATH });
  const ytdlp = new YtDlp(env, new YtdlpBinaries(env));
  const proxies: EgressProxy[] = [];
  const servers: RecordingServer[] = [];

  async function startProxy(
    options: Partial<ConstructorParameters<typeof EgressProxy>[0]> = {},
  ): Promise<{ proxy: EgressProxy; port: number }> {
    const proxy = new EgressProxy({ allowedHosts: [], resolveAll: () => Promise.resolve([]), ...options });
    proxies.push(proxy);
    return { proxy, port: await proxy.listen() };
  }

  beforeAll(async () => {
    mediaDir = tempDir('egress-media');
    await writeTone(join(mediaDir, 'tone.ogg'), 440, 3, 'Inside');
    inside = await startRecordingServer(mediaDir);
    servers.push(inside);
  });

  beforeEach(() => inside.hits.splice(0));

  afterAll(async () => {
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await Promise.all(servers.map((server) => server.close()));
  });

  it('answers 407 to a request without a session token, and forwards nothing', async () => {
    const { port } = await startProxy({ allowedHosts: ['127.0.0.1:' + String(inside.port)] });
    const answer = await viaProxy(null, port, `http://127.0.0.1:${inside.port}/tone.ogg`);
    expect(answer.status).toBe(407);
    expect(inside.hits).toEqual([]);
  });

  it('forwards an allowed host:port over http and through a CONNECT tunnel', async () => {
    const { proxy, port } = await startProxy({ allowedHosts: [`127.0.0.1:${inside.port}`] });
    const session = proxy.openSession('allowed');
    const answer = await viaProxy(session, port, `http://127.0.0.1:${inside.port}/tone.ogg`);
    expect(answer.status).toBe(200);
    expect(answer.body.startsWith('OggS')).toBe(true);
    expect(await connectViaProxy(session, port, `127.0.0.1:${inside.port}`)).toBe('CONNECT 200; HTTP/1.1 200 OK');
    expect(session.refusals).toEqual([]);
    expect(inside.hits).toEqual(['GET /tone.ogg', 'GET /tone.ogg']);
  });

  it.each([
    '[::ffff:127.0.0.1]',
    '[::ffff:7f00:1]',
    '[0:0:0:0:0:ffff:127.0.0.1]',
    '[::127.0.0.1]',
    '2130706433',
    '0x7f.0.0.1',
    '127.1',
  ])(
    'refuses yt-dlp at the proxy for loopback spelled %s (allow-list names 127.0.0.1 on another port)',
    async (host) => {
      const { proxy } = await startProxy({ allowedHosts: [`127.0.0.1:${inside.port + 1}`] });
      const session = proxy.openSession('spelling');
      const probe = ytdlp.probe(
        `http://${host}:${inside.port}/tone.ogg`,
        session.proxyUrl,
        new AbortController().signal,
      );
      await expect(probe).rejects.toBeInstanceOf(SongRefused);
      // The URL parser turns `[::127.0.0.1]` into `[::7f00:1]`, refused as IPv4-compatible.
      expect(session.refusals.join()).toMatch(/is (a loopback|an IPv4-compatible) address/);
      expect(inside.hits).toEqual([]);
    },
  );

  it('refuses a CONNECT to a loopback spelling or name, so https is guarded too', async () => {
    const { proxy, port } = await startProxy({ resolveAll: systemResolveAll });
    const session = proxy.openSession('connect');
    expect(await connectViaProxy(session, port, `[::ffff:7f00:1]:${inside.port}`)).toBe('CONNECT 403');
    expect(await connectViaProxy(session, port, `localhost:${inside.port}`)).toBe('CONNECT 403');
    expect(await connectViaProxy(session, port, `nowhere.invalid:${inside.port}`)).toBe('CONNECT 403');
    expect(session.refusals).toEqual([
      `[::ffff:7f00:1]:${inside.port}: ::ffff:7f00:1 is a loopback address`,
      expect.stringMatching(
        new RegExp(`^localhost:${inside.port}: localhost resolves to (127.0.0.1|::1), a loopback address$`),
      ),
      `nowhere.invalid:${inside.port}: nowhere.invalid does not resolve`,
    ]);
    expect(inside.hits).toEqual([]);
  });

  it('connects only to the address it vetted when the resolver answers public, then private (rebinding)', async () => {
    // 127.0.0.2 stands in for a public server (nothing here may reach the internet); 127.0.0.1
    // on the same port is the station's inside. The resolver answers public to the first question
    // and inside to every later one, as a rebinding DNS server does.
    const outside = await startRecordingServer(mediaDir, { host: '127.0.0.2' });
    servers.push(outside);
    const insideSamePort = await startRecordingServer(mediaDir, { host: '127.0.0.1', port: outside.port });
    servers.push(insideSamePort);
    const questions: string[] = [];
    const rebinding = (hostname: string): Promise<string[]> => {
      questions.push(hostname);
      return Promise.resolve(questions.length === 1 ? ['127.0.0.2'] : ['127.0.0.1']);
    };
    const { proxy, port } = await startProxy({
      resolveAll: rebinding,
      refusedAddress: (address) => (address === '127.0.0.2' ? null : refusedAddressClass(address)),
    });
    const session = proxy.openSession('rebinding');

    const first = await viaProxy(session, port, `http://rebind.test:${outside.port}/tone.ogg`);
    expect(first.status).toBe(200);
    expect(outside.hits).toEqual(['GET /tone.ogg']);
    expect(insideSamePort.hits).toEqual([]);
    expect(questions).toEqual(['rebind.test']);

    // The next hop asks again and is classified again: now it is refused.
    const second = await viaProxy(session, port, `http://rebind.test:${outside.port}/tone.ogg`);
    expect(second.status).toBe(403);
    expect(second.body).not.toMatch(/127\.0\.0\.1/);
    expect(insideSamePort.hits).toEqual([]);
    expect(session.refusals).toEqual([
      `rebind.test:${outside.port}: rebind.test resolves to 127.0.0.1, a loopback address`,
    ]);
  });

  it('refuses anything but http through the plain proxy (ftp:// from a redirect), recording it', async () => {
    const { proxy, port } = await startProxy({ allowedHosts: [`127.0.0.1:${inside.port}`] });
    const session = proxy.openSession('ftp');
    const answer = await viaProxy(session, port, `ftp://127.0.0.1:${inside.port}/tone.ogg`);
    expect(answer.status).toBe(403);
    expect(session.refusals).toEqual([`GET ftp://127.0.0.1:${inside.port}/tone.ogg: not a target this proxy serves`]);
    expect(inside.hits).toEqual([]);
  });

  it('refuses a name when any one of its addresses is not public', async () => {
    const { proxy, port } = await startProxy({
      resolveAll: () => Promise.resolve(['127.0.0.2', '10.1.2.3']),
      refusedAddress: (address) => (address === '127.0.0.2' ? null : refusedAddressClass(address)),
    });
    const session = proxy.openSession('mixed');
    expect((await viaProxy(session, port, 'http://mixed.test/x.ogg')).status).toBe(403);
    expect(session.refusals).toEqual(['mixed.test:80: mixed.test resolves to 10.1.2.3, a private address']);
  });
});
