import { eventually, freePort, startProcess, startRedis } from '@h4k/testing';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * GET /now-playing at 200 concurrent clients (wrk), against the built gateway, beside a minimal
 * Node http endpoint returning the same JSON, measured in the same run on the same machine.
 */
const CONNECTIONS = 200;
const SECONDS = 15;

interface WrkResult {
  requestsPerSecond: number;
  p50: string;
  p99: string;
  errors: string;
}

async function wrk(url: string): Promise<WrkResult> {
  const { stdout } = await run('wrk', ['-t2', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency', url], {
    timeout: (SECONDS + 30) * 1000,
  });
  const percentile = (p: string) => new RegExp(`^\\s*${p}%\\s+(\\S+)`, 'm').exec(stdout)?.[1] ?? '?';
  return {
    requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0),
    p50: percentile('50'),
    p99: percentile('99'),
    errors: /Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)/.exec(stdout)?.[0] ?? 'none',
  };
}

async function main(): Promise<void> {
  const redis = await startRedis();
  const gatewayPort = await freePort();
  const gateway = startProcess('node', [resolve(__dirname, '../dist/apps/gateway/main.js')], {
    REDIS_PORT: String(redis.port),
    GATEWAY_PORT: String(gatewayPort),
    ADMIN_API_TOKEN: 'bench-admin-token-0123456789',
    LIQUIDSOAP_TOKEN: 'bench-liquidsoap-token-0123456789',
    JWT_SECRET: 'bench-jwt-secret-0123456789',
    LOG_LEVEL: 'warn',
  });
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}/now-playing`;
  const baselinePort = await freePort();
  const baseline = createServer();
  try {
    await eventually('gateway up', async () => (await fetch(gatewayUrl)).ok, 30_000);
    await fetch(`http://127.0.0.1:${gatewayPort}/internal/now-playing`, {
      method: 'POST',
      headers: { Authorization: 'Bearer bench-liquidsoap-token-0123456789', 'Content-Type': 'application/json' },
      body: JSON.stringify({ tier: 'fallback', title: 'Starter tone A (330 Hz)', artist: 'h4kstream' }),
    });
    const body = await (await fetch(gatewayUrl)).text();
    baseline.on('request', (_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      response.end(body);
    });
    await new Promise<void>((done) => baseline.listen(baselinePort, '127.0.0.1', done));

    await wrk(gatewayUrl); // warm-up
    const rows = [
      ['gateway GET /now-playing', await wrk(gatewayUrl)],
      ['minimal node:http, same JSON', await wrk(`http://127.0.0.1:${baselinePort}/`)],
    ] as const;
    console.log(`wrk -t2 -c${CONNECTIONS} -d${SECONDS}s, ${body.length} B of JSON:`);
    for (const [label, result] of rows) {
      console.log(
        `  ${label.padEnd(30)} ${result.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${result.p50.padStart(8)}  p99 ${result.p99.padStart(8)}  errors: ${result.errors}`,
      );
    }
  } finally {
    baseline.close();
    await gateway.stop();
    await redis.process.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
