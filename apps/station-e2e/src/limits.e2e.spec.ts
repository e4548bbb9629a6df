import { readdirSync } from 'node:fs';
import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';

import { eventually } from '@h4k/testing';
import { E2E_LIMITS, Listener } from '@h4k/testing/station';

import { sharedStation } from './support/shared-station';

/**
 * Per-address limits on the real stack. Each attack comes from its own loopback address (the kernel
 * routes all of 127.0.0.0/8 to lo), so Caddy and the harbor see a client that is not the suite's
 * 127.0.0.1, and a block it earns never touches the other specs.
 */
describe('limits per client address, through Caddy and the harbor', () => {
  const station = sharedStation();

  interface Answer {
    status: number;
    headers: IncomingHttpHeaders;
    body: string;
  }

  /** One HTTP request from a chosen loopback source address. */
  const call = (
    from: string,
    url: string,
    options: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ) =>
    new Promise<Answer>((resolve, reject) => {
      const client = httpRequest(url, {
        method: options.method ?? 'GET',
        headers: options.headers,
        localAddress: from,
      });
      client.on('response', (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      });
      client.on('error', reject);
      client.end(options.body);
    });

  it('locks an admin-token guesser out at Caddy, with a JSON reason, while the station goes on for everyone else', async () => {
    const guesser = '127.0.0.21';
    const guess = (token: string) =>
      call(guesser, station.url('/api/admin/livestream'), { headers: { Authorization: `Bearer ${token}` } });
    const statuses: number[] = [];
    for (let batch = 0; batch < E2E_LIMITS.authFailuresMax / 10; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, index) => guess(`guess-${batch}-${index}-0123456789`)),
      );
      statuses.push(...answers.map((answer) => answer.status));
    }
    expect(statuses).toEqual(Array(E2E_LIMITS.authFailuresMax).fill(401));

    const locked = await guess('one-more-guess-0123456789');
    expect(locked.status).toBe(429);
    expect(JSON.parse(locked.body)).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/too many refused credentials from this address/),
    });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await guess(station.adminToken)).status).toBe(429);

    // The suite's own address, through the same Caddy, is untouched.
    expect(
      (
        await call('127.0.0.1', station.url('/api/admin/livestream'), {
          headers: { Authorization: `Bearer ${station.adminToken}` },
        })
      ).status,
    ).toBe(200);
  });

  it('counts a client by the address Caddy saw, not by an X-Forwarded-For it sends', async () => {
    const spoofed = '198.51.100.44';
    const remaining = async (via: 'gateway' | 'caddy'): Promise<number> => {
      const url = via === 'gateway' ? station.gatewayUrl('/queue/mine') : station.url('/api/queue/mine');
      const answer = await call(via === 'gateway' ? '127.0.0.1' : '127.0.0.22', url, {
        headers: { Authorization: `Bearer ${listener.token}`, 'X-Forwarded-For': spoofed },
      });
      expect(answer.status).toBe(200);
      return Number(answer.headers['x-ratelimit-remaining']);
    };
    const listener = await Listener.mint(station);
    // Straight to the gateway from loopback (where Caddy sits), the header is trusted: the spoofed address's count.
    const first = await remaining('gateway');
    expect(await remaining('gateway')).toBe(first - 1);
    // Through Caddy, the same header changes nothing: that request counts against 127.0.0.22.
    await remaining('caddy');
    expect(await remaining('gateway')).toBe(first - 2);
  });

  it('refuses a flood of wrong harbor passwords from one DJ address before the gateway verifies them', async () => {
    const flooder = '127.0.0.23';
    /** One source-client login on the real harbor (Icecast PUT, as ffmpeg sends it): the status line it gets. */
    const harborLogin = (password: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port: station.ports.harbor, localAddress: flooder });
        let answer = '';
        socket.setTimeout(10_000, () => socket.destroy(new Error('harbor did not answer')));
        socket.on('connect', () =>
          socket.write(
            `PUT /live HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic ${Buffer.from(`source:${password}`).toString('base64')}\r\n` +
              'Content-Type: audio/ogg\r\nIce-Public: 0\r\nExpect: 100-continue\r\n\r\n',
          ),
        );
        socket.on('data', (chunk) => {
          answer += chunk.toString('latin1');
          if (answer.includes('\r\n')) {
            socket.destroy();
            resolve(answer.split('\r\n')[0] ?? '');
          }
        });
        socket.on('error', reject);
        socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
      });

    const gatewayLogBefore = station.logOf('liquidsoap').length;
    for (let attempt = 0; attempt <= E2E_LIMITS.authFailuresMax + 5; attempt++) {
      expect(await harborLogin(`wrong-password-${attempt}`)).not.toMatch(/ 100 | 200 /);
    }
    const refusals = station
      .logOf('liquidsoap')
      .slice(gatewayLogBefore)
      .split('\n')
      .filter((line) => line.includes(flooder) && line.includes('refused ('));
    const statuses = refusals.map((line) => /refused \((\d+)\)/.exec(line)?.[1]);
    // Every password up to the maximum was judged (401); from then on the gateway answered 429 unchecked.
    expect(statuses.filter((status) => status === '401')).toHaveLength(E2E_LIMITS.authFailuresMax);
    expect(statuses.slice(E2E_LIMITS.authFailuresMax)).toEqual(
      Array(statuses.length - E2E_LIMITS.authFailuresMax).fill('429'),
    );
    expect(station.logOf('gateway')).toMatch(
      new RegExp(
        `${flooder.replace(/\./g, '\\.')}: more than ${E2E_LIMITS.authFailuresMax} refused harbor credentials`,
      ),
    );
  });

  it('cuts a 1 byte/s upload through Caddy off with 408: temp file gone, quota free again', async () => {
    const listener = await Listener.mint(station, { max_queue_songs: 1 });
    const uploads = () => readdirSync(join(station.dataDir, 'tmp/uploads'));
    const started = Date.now();
    const answer = await new Promise<Answer>((resolve, reject) => {
      const client = httpRequest(station.url('/api/queue/add'), {
        method: 'POST',
        localAddress: '127.0.0.24',
        headers: {
          Authorization: `Bearer ${listener.token}`,
          'Content-Type': 'multipart/form-data; boundary=slow',
          'Transfer-Encoding': 'chunked',
        },
      });
      client.on('response', (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          clearInterval(trickle);
          client.destroy();
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
        });
      });
      client.on('error', (error) => {
        clearInterval(trickle);
        reject(error);
      });
      client.write(
        '--slow\r\nContent-Disposition: form-data; name="file"; filename="a.ogg"\r\nContent-Type: audio/ogg\r\n\r\n',
      );
      const trickle = setInterval(() => client.write('x'), 1000);
    });
    const seconds = (Date.now() - started) / 1000;
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body)).toEqual(
      expect.objectContaining({ statusCode: 408, message: expect.stringMatching(/^the upload stalled/) }),
    );
    expect(seconds).toBeGreaterThanOrEqual(E2E_LIMITS.uploadIdleSeconds);
    expect(seconds).toBeLessThan(E2E_LIMITS.uploadIdleSeconds * 3 + 2);
    console.log(`1 byte/s upload through Caddy answered 408 after ${seconds.toFixed(1)} s`);
    await eventually('temp file removed', () => uploads().length === 0, 5000);
    expect((await listener.mine()).used).toBe(0);
  });

  it('refuses one event stream more than the cap from one address through Caddy, and takes one again once a stream closes', async () => {
    const from = '127.0.0.25';
    const open = () =>
      new Promise<{ status: number; body: string; close: () => void }>((resolve, reject) => {
        const client = httpRequest(station.url('/api/now-playing/events'), { localAddress: from }, (response) => {
          let body = '';
          response.setEncoding('utf8');
          const close = () => client.destroy();
          if (response.statusCode === 200) resolve({ status: 200, body, close });
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body, close }));
        });
        client.on('error', reject);
        client.end();
      });
    const cap = E2E_LIMITS.sseStreamsPerAddress;
    const streams = await Promise.all(Array.from({ length: cap }, open));
    expect(streams.map((stream) => stream.status)).toEqual(Array(cap).fill(200));
    const oneMore = await open();
    expect(oneMore.status).toBe(429);
    expect(JSON.parse(oneMore.body)).toEqual(
      expect.objectContaining({
        statusCode: 429,
        message: `at most ${cap} event streams per address: close one first`,
      }),
    );
    // Caddy only notices a client that left when it next writes to it (a heartbeat or two later);
    // then it drops the upstream stream and the slot is free.
    const closedAt = Date.now();
    streams[0]?.close();
    await eventually(
      'a slot again',
      async () => {
        const again = await open();
        streams.push(again);
        return again.status === 200;
      },
      90_000,
    );
    console.log(
      `SSE slot free again through Caddy ${((Date.now() - closedAt) / 1000).toFixed(1)} s after the client left`,
    );
    for (const stream of streams) stream.close();
  });
});
