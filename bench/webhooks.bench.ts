import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { eventually, freePort, startProcess, startRedis, WebhookReceiver } from '@h4k/testing';

import { row, stats } from './latency-stats';

/**
 * Webhook deliveries from the built gateway (BullMQ on a real Redis, free ports) to a receiver on
 * loopback: per track change, the time from Liquidsoap's report to the first and to the last of K
 * webhooks receiving its signed song.changed, for K = 1 and 20; the gateway's CPU per change; and
 * the retry schedule BullMQ really keeps for a receiver that always fails (1, 2, 4 s asked).
 */
const CHANGES = 30;
const LIQUIDSOAP_TOKEN = 'bench-liquidsoap-token-0123456789';
const ADMIN_TOKEN = 'bench-admin-token-0123456789';

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The title a delivered song.changed names (null for anything else). */
function titleOf(body: string): string | null {
  try {
    return (JSON.parse(body) as { data?: { title?: string } }).data?.title ?? null;
  } catch {
    return null; // not JSON
  }
}

async function api(port: number, method: string, path: string, token: string, body?: object): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text ? (JSON.parse(text) as unknown) : undefined;
}

async function main(): Promise<void> {
  const redis = await startRedis();
  const port = await freePort();
  const receiverPort = await freePort();
  const receiver = new WebhookReceiver((path) => (path.startsWith('/fail') ? 500 : 204));
  await receiver.listen(receiverPort);
  const gateway = startProcess('node', [resolve(__dirname, '../dist/apps/gateway/main.js')], {
    REDIS_PORT: String(redis.port),
    GATEWAY_PORT: String(port),
    ADMIN_API_TOKEN: ADMIN_TOKEN,
    LIQUIDSOAP_TOKEN,
    JWT_SECRET: 'bench-jwt-secret-0123456789',
    LOG_LEVEL: 'warn',
    DOWNLOAD_ALLOWED_HOSTS: `127.0.0.1:${receiverPort}`,
  });
  try {
    await eventually('gateway up', async () => (await fetch(`http://127.0.0.1:${port}/now-playing`)).ok, 30_000);
    const pid = gateway.child.pid ?? 0;
    const hooks: string[] = [];
    const addHooks = async (count: number) => {
      while (hooks.length < count) {
        const path = `/ok/${hooks.length}`;
        const created = (await api(port, 'POST', '/admin/webhooks', ADMIN_TOKEN, {
          url: `http://127.0.0.1:${receiverPort}${path}`,
          events: ['song.changed'],
        })) as { id: string };
        hooks.push(created.id);
      }
    };
    // Live: Liquidsoap's report is published at once (no lookup of a song's details to wait for).
    const report = (title: string) =>
      api(port, 'POST', '/internal/now-playing', LIQUIDSOAP_TOKEN, { tier: 'live', title, artist: 'bench' });

    for (const count of [1, 20]) {
      await addHooks(count);
      const first: number[] = [];
      const last: number[] = [];
      const cpuBefore = cpuMs(pid);
      for (let index = 0; index < CHANGES; index++) {
        const title = `k${count} change ${index}`;
        const sent = performance.now();
        await report(title);
        await eventually(
          `${title} at every webhook`,
          () => receiver.received.filter((arrival) => titleOf(arrival.body) === title).length >= count,
          20_000,
        );
        const times = receiver.received
          .filter((arrival) => titleOf(arrival.body) === title)
          .map((arrival) => arrival.at);
        first.push(Math.min(...times) - sent);
        last.push(Math.max(...times) - sent);
      }
      const cpuPerChange = (cpuMs(pid) - cpuBefore) / CHANGES;
      console.log(`${count} webhook${count === 1 ? '' : 's'}, ${CHANGES} track changes:`);
      row('report → first webhook has song.changed', stats(first));
      row(`report → last of ${count} has it`, stats(last));
      console.log(`  gateway CPU per change (±10 ms ticks): ${cpuPerChange.toFixed(1)} ms`);
    }

    // A receiver that always answers 500: when do the attempts come?
    const failing = (await api(port, 'POST', '/admin/webhooks', ADMIN_TOKEN, {
      url: `http://127.0.0.1:${receiverPort}/fail`,
      events: ['song.changed'],
    })) as { id: string };
    const sent = performance.now();
    await report('retry schedule');
    await eventually('4 attempts', () => receiver.at('/fail').length >= 4, 30_000);
    const attempts = receiver.at('/fail').map((a) => a.at);
    const gaps = attempts.slice(1).map((at, index) => ((at - (attempts[index] ?? at)) / 1000).toFixed(2));
    console.log(
      `retries of a failing receiver: first attempt ${((attempts[0] ?? sent) - sent).toFixed(0)} ms after the report, ` +
        `then gaps of ${gaps.join(', ')} s (asked: 1, 2, 4 s)`,
    );
    await api(port, 'DELETE', `/admin/webhooks/${failing.id}`, ADMIN_TOKEN);
  } finally {
    await gateway.stop();
    await receiver.close();
    await redis.process.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
