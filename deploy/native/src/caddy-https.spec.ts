import { rmSync } from 'node:fs';
import { type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join, resolve } from 'node:path';

import { freePort, type OwnedProcess, startProcess, tempDir } from '@h4k/testing';

const CADDYFILE = resolve(__dirname, '../../../caddy/Caddyfile');

/** A GET for the site `localhost`; over HTTPS it accepts Caddy's local CA (a `localhost` site gets its certificate there). */
function get(
  scheme: 'http' | 'https',
  port: number,
  path: string,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  const request = scheme === 'https' ? httpsRequest : httpRequest;
  return new Promise((done, fail) => {
    const options = { host: '127.0.0.1', port, path, headers: { host: 'localhost' } };
    const call = request(
      scheme === 'https' ? { ...options, servername: 'localhost', rejectUnauthorized: false } : options,
      (response: IncomingMessage) => {
        response.resume();
        done({ status: response.statusCode ?? 0, headers: response.headers });
      },
    );
    call.on('error', fail);
    call.setTimeout(5000, () => call.destroy(new Error('timeout')));
    call.end();
  });
}

/** The real Caddy with the station's Caddyfile and a domain set: certificates, HTTPS, redirect. */
describe('Caddy with H4K_DOMAIN', () => {
  let caddy: OwnedProcess;
  let dataDir: string;
  let httpPort: number;
  let httpsPort: number;

  beforeAll(async () => {
    dataDir = tempDir('caddy');
    httpPort = await freePort();
    httpsPort = await freePort();
    caddy = startProcess('caddy', ['run', '--adapter', 'caddyfile', '--config', CADDYFILE], {
      H4K_SITE_ADDRESS: 'localhost',
      HTTP_PORT: String(httpPort),
      HTTPS_PORT: String(httpsPort),
      PUBLIC_BIND_ADDRESS: '127.0.0.1',
      GATEWAY_PORT: String(await freePort()),
      ICECAST_PORT: String(await freePort()),
      ADMIN_DIST_DIR: dataDir,
      XDG_DATA_HOME: join(dataDir, 'xdg'),
      XDG_CONFIG_HOME: join(dataDir, 'xdg'),
    });
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        await get('https', httpsPort, '/');
        break;
      } catch (error) {
        if (Date.now() > deadline || !caddy.running)
          throw new Error(`caddy did not serve HTTPS: ${String(error)}\n${caddy.log}`);
        await new Promise((wait) => setTimeout(wait, 250));
      }
    }
  }, 30_000);

  afterAll(async () => {
    await caddy?.stop('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('redirects plain HTTP to HTTPS', async () => {
    const response = await get('http', httpPort, '/radio');
    expect(response.status).toBe(308);
    // Caddy 2.6 leaves a non-default HTTPS port out of its redirect; on a real station it is 443.
    expect(response.headers['location']).toMatch(/^https:\/\/localhost(:\d+)?\/radio$/);
  });

  it('serves HTTPS with the security headers', async () => {
    const { headers } = await get('https', httpsPort, '/api/internal/anything');
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
  });

  it('keeps internal routes closed over HTTPS too', async () => {
    expect((await get('https', httpsPort, '/api/internal/livestream/auth')).status).toBe(404);
  });
});
