/**
 * Runs the healthcheck commands of compose.yaml as a container would ($$ is a literal $,
 * settings come from the environment) against small servers that answer like the real
 * program, or wrongly, or not at all: a check that passes on anything is no check.
 * (The redis-cli check and the services' service-ping.cjs need a real Redis: not here.)
 */
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';

import { loadCompose } from './repo';
import { services } from './rules';

const all = services(loadCompose());

function healthcheckOf(service: string): string[] {
  const test = all[service]?.healthcheck?.test;
  if (!Array.isArray(test)) throw new Error(`${service} has no healthcheck test`);
  return test.map((part) => part.replace(/\$\$/g, '$'));
}

function run(service: string, env: Record<string, string>): Promise<number | null> {
  const [kind, ...rest] = healthcheckOf(service);
  const [command = '', ...args] = kind === 'CMD-SHELL' ? ['/bin/sh', '-c', ...rest] : rest;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env },
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

const servers: net.Server[] = [];

async function listen(server: net.Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return String((server.address() as AddressInfo).port);
}

function tcp(onConnection: (socket: net.Socket) => void): Promise<string> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  return listen(server);
}

function httpServer(status: (url: string) => number): Promise<string> {
  const server = http.createServer((request, response) => {
    response.writeHead(status(request.url ?? '/'));
    response.end('{}');
  });
  return listen(server);
}

async function closedPort(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = String((server.address() as AddressInfo).port);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

afterAll(async () => {
  await Promise.all(
    servers.map((server) => {
      (server as http.Server).closeAllConnections?.();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

describe.each([
  ['mpd-user', 'MPD_USER_PORT'],
  ['mpd-fallback', 'MPD_FALLBACK_PORT'],
])('%s healthcheck', (service, portVariable) => {
  it('passes when MPD greets with its banner', async () => {
    const port = await tcp((socket) => socket.write('OK MPD 0.23.5\n'));
    expect(await run(service, { [portVariable]: port })).toBe(0);
  });

  it('fails when something else answers on the port', async () => {
    const port = await tcp((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    expect(await run(service, { [portVariable]: port })).not.toBe(0);
  });

  it('fails when nothing listens', async () => {
    expect(await run(service, { [portVariable]: await closedPort() })).not.toBe(0);
  });
});

describe('liquidsoap healthcheck', () => {
  const telnet = (answer: boolean) =>
    tcp((socket) =>
      socket.on('data', (data) => {
        if (answer && data.toString().startsWith('version')) {
          socket.write('Liquidsoap 2.1.3\r\nEND\r\n');
        }
      }),
    );

  it('passes when the telnet server answers `version`', async () => {
    expect(await run('liquidsoap', { LIQUIDSOAP_TELNET_PORT: await telnet(true) })).toBe(0);
  });

  it('fails when the port accepts but Liquidsoap does not answer', async () => {
    expect(await run('liquidsoap', { LIQUIDSOAP_TELNET_PORT: await telnet(false) })).not.toBe(0);
  });

  it('fails when nothing listens', async () => {
    expect(await run('liquidsoap', { LIQUIDSOAP_TELNET_PORT: await closedPort() })).not.toBe(0);
  });
});

describe.each([
  ['gateway', '/health', (port: string) => ({ GATEWAY_HOST: '127.0.0.1', GATEWAY_PORT: port })],
  ['icecast', '/status-json.xsl', (port: string) => ({ ICECAST_PORT: port })],
  ['caddy', '/', (port: string) => ({ HTTP_PORT: port })],
])('%s healthcheck', (service, healthPath, envFor) => {
  it(`passes on 200 from ${healthPath}`, async () => {
    const port = await httpServer((url) => (url === healthPath ? 200 : 404));
    expect(await run(service, envFor(port))).toBe(0);
  });

  it(`fails on an error status from ${healthPath}`, async () => {
    const port = await httpServer(() => 503);
    expect(await run(service, envFor(port))).not.toBe(0);
  });

  it('fails when nothing listens', async () => {
    expect(await run(service, envFor(await closedPort()))).not.toBe(0);
  });
});

describe('standby healthcheck', () => {
  /** Icecast as a listener sees it: a hidden mount streams until the listener leaves; a missing one is 404. */
  const icecast = (streaming: boolean) => {
    const server = http.createServer((request, response) => {
      if (!streaming || request.url !== '/standby') {
        response.writeHead(404);
        response.end();
        return;
      }
      response.writeHead(200, { 'Content-Type': 'audio/ogg' });
      const timer = setInterval(() => response.write(Buffer.alloc(512)), 100);
      response.on('close', () => clearInterval(timer));
    });
    return listen(server);
  };
  const envFor = (port: string) => ({ ICECAST_HOST: '127.0.0.1', ICECAST_PORT: port });

  it('passes while /standby streams (a stream never ends: curl stops after 2 s)', async () => {
    expect(await run('standby', envFor(await icecast(true)))).toBe(0);
  });

  it('fails when Icecast has no source on /standby (404)', async () => {
    expect(await run('standby', envFor(await icecast(false)))).not.toBe(0);
  });

  it('fails when nothing listens', async () => {
    expect(await run('standby', envFor(await closedPort()))).not.toBe(0);
  });
});
