import { readFileSync } from 'node:fs';
import { Agent, type ClientRequest, get, request } from 'node:http';
import { resolve } from 'node:path';

import { eventually, freePort, sseReader, startProcess, startRedis } from '@h4k/testing';

import { row, type Stats, stats } from './latency-stats';

/**
 * Now-playing pushed over SSE to many listeners, against the built gateway and a real Redis on free ports.
 * Prints: time for 1,000 streams to get the current state; per change, Liquidsoap's report call and the
 * time until the last of 1,000 clients has it; the gateway's CPU and RSS; GET /now-playing throughput
 * with and without the 1,000 streams open (a bounded keep-alive load loop: autocannon is not installed).
 */
const CLIENTS = 1000;
const CHANGES = 30;
const LOAD_REQUESTS = 5000;
const LOAD_CONCURRENCY = 20;
const LIQUIDSOAP_TOKEN = 'bench-liquidsoap-token-0123456789';

function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

/** User + system CPU of a process, in ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** One EventSource-like client: calls `onTitle` with each pushed title. */
function openStream(port: number, onTitle: (title: string | null) => void): ClientRequest {
  const client = get({ host: '127.0.0.1', port, path: '/now-playing/events', agent: false }, (response) => {
    response.setEncoding('utf8');
    response.on(
      'data',
      sseReader(({ event, data }) => {
        // Named events (history) are not now-playing states.
        if (event === undefined) onTitle((JSON.parse(data) as { title: string | null }).title);
      }),
    );
  });
  client.on('error', () => undefined);
  return client;
}

function call(port: number, method: string, path: string, agent: Agent | false, body?: object): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const payload = body ? JSON.stringify(body) : undefined;
    const started = performance.now();
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
          Authorization: `Bearer ${LIQUIDSOAP_TOKEN}`,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          response.statusCode && response.statusCode < 300
            ? resolvePromise(performance.now() - started)
            : reject(new Error(`${method} ${path}: HTTP ${response.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** GET /now-playing LOAD_REQUESTS times over LOAD_CONCURRENCY keep-alive connections. */
async function loadGet(port: number): Promise<{ perSecond: number; latency: Stats }> {
  const agent = new Agent({ keepAlive: true, maxSockets: LOAD_CONCURRENCY });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: LOAD_CONCURRENCY }, async () => {
      while (next++ < LOAD_REQUESTS) latencies.push(await call(port, 'GET', '/now-playing', agent));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { perSecond: LOAD_REQUESTS / seconds, latency: stats(latencies) };
}

async function main(): Promise<void> {
  const redis = await startRedis();
  const port = await freePort();
  const gateway = startProcess('node', [resolve(__dirname, '../dist/apps/gateway/main.js')], {
    REDIS_PORT: String(redis.port),
    GATEWAY_PORT: String(port),
    ADMIN_API_TOKEN: 'bench-admin-token-0123456789',
    LIQUIDSOAP_TOKEN,
    JWT_SECRET: 'bench-jwt-secret-0123456789',
    LOG_LEVEL: 'warn',
    // Every client of the bench comes from loopback: the per-address stream cap would stop it at 10.
    SSE_STREAMS_PER_ADDRESS: String(CLIENTS * 2),
  });
  const clients: ClientRequest[] = [];
  try {
    await eventually('gateway up', async () => (await call(port, 'GET', '/now-playing', false)) > 0, 30_000);
    const pid = gateway.child.pid ?? 0;
    const report = (title: string) => call(port, 'POST', '/internal/now-playing', false, { tier: 'fallback', title });

    // Warm up, then the reference numbers with no stream open.
    await loadGet(port);
    const idle = { rss: rssMiB(pid), get: await loadGet(port), report: [] as number[] };
    for (let index = 0; index < CHANGES; index++) idle.report.push(await report(`idle ${index}`));

    // Resolves the moment the last client has the title (polling would add its own interval).
    let wanted = '';
    let seen = 0;
    let allSeen = (): void => undefined;
    const everyClientHas = (title: string) => {
      wanted = title;
      seen = 0;
      return new Promise<void>((done) => (allSeen = done));
    };
    const started = performance.now();
    const connected = everyClientHas(`idle ${CHANGES - 1}`);
    for (let index = 0; index < CLIENTS; index++) {
      clients.push(
        openStream(port, (title) => {
          if (title === wanted && ++seen === CLIENTS) allSeen();
        }),
      );
    }
    await connected;
    const connectSeconds = (performance.now() - started) / 1000;
    const rssOpen = rssMiB(pid);

    const reportMs: number[] = [];
    const fanOutMs: number[] = [];
    const cpuBefore = cpuMs(pid);
    for (let index = 0; index < CHANGES; index++) {
      const sent = performance.now();
      const delivered = everyClientHas(`change ${index}`);
      reportMs.push(await report(`change ${index}`));
      await delivered;
      fanOutMs.push(performance.now() - sent);
    }
    const cpuPerChange = (cpuMs(pid) - cpuBefore) / CHANGES;
    const busy = await loadGet(port);

    console.log(
      `gateway with ${CLIENTS} SSE streams open (one Node process holds all clients, so fan-out includes it)`,
    );
    console.log(`  ${CLIENTS} streams opened and given the current state in ${connectSeconds.toFixed(2)} s`);
    row(`POST /internal/now-playing, 0 streams`, stats(idle.report));
    row(`POST /internal/now-playing, ${CLIENTS} streams`, stats(reportMs));
    row(`report → last of ${CLIENTS} clients has it`, stats(fanOutMs));
    console.log(`  gateway CPU per change (${CLIENTS} writes, ±10 ms ticks): ${cpuPerChange.toFixed(1)} ms`);
    console.log(`  gateway RSS: ${idle.rss.toFixed(1)} MiB idle, ${rssOpen.toFixed(1)} MiB with ${CLIENTS} streams`);
    console.log(
      `  GET /now-playing (${LOAD_REQUESTS} req, ${LOAD_CONCURRENCY} keep-alive conns): ` +
        `${idle.get.perSecond.toFixed(0)} req/s idle, ${busy.perSecond.toFixed(0)} req/s with ${CLIENTS} streams`,
    );
    row('GET /now-playing latency, 0 streams', idle.get.latency);
    row(`GET /now-playing latency, ${CLIENTS} streams`, busy.latency);
  } finally {
    for (const client of clients) client.destroy();
    await gateway.stop();
    await redis.process.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
