import { readFileSync } from 'node:fs';
import { type ClientRequest, request } from 'node:http';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { TestStation } from '@h4k/testing/station';

/**
 * Concurrent listeners on one box: the whole station (`npm start`'s runner on free ports), then N
 * listeners on /radio straight from Icecast and through Caddy, each held for SECONDS after the ramp.
 * A listener is a bare HTTP GET counting bytes and the longest gap between two reads: 2,000 of them
 * cost the box far less than 2,000 decoders would. A gap over STALL_SECONDS is a stall a player
 * hears. Last, listeners over MAX_LISTENERS must be refused at once (Icecast: 403 or 404; Caddy: 503), never left
 * hanging.
 *
 *   LISTENERS_COUNTS=1000,2000 LISTENERS_SECONDS=60 LISTENERS_RAMP_SECONDS=5 npm run bench -- listeners
 */
const COUNTS = (process.env['LISTENERS_COUNTS'] ?? '1000,2000').split(',').map(Number);
const SECONDS = Number(process.env['LISTENERS_SECONDS'] ?? 60);
const RAMP_SECONDS = Number(process.env['LISTENERS_RAMP_SECONDS'] ?? 5);
const MAX_LISTENERS = Math.max(...COUNTS);
const OVER_LIMIT = 50;
const STALL_SECONDS = 2;
/** A listener without response headers by then has timed out (a player would have given up). */
const ANSWER_TIMEOUT_MS = 10_000;

interface Listener {
  request: ClientRequest;
  startedAt: number;
  status?: number;
  answeredMs?: number;
  lastDataAt?: number;
  maxGapMs: number;
  bytes: number;
  outcome?: 'timed out' | 'ended' | string;
}

function listen(url: string, count: number, rampSeconds: number): { listeners: Listener[]; ramped: Promise<void> } {
  const listeners: Listener[] = [];
  const open = () => {
    const listener: Listener = { startedAt: Date.now(), maxGapMs: 0, bytes: 0 } as Listener;
    listener.request = request(url, { agent: false }, (response) => {
      listener.status = response.statusCode;
      listener.answeredMs = Date.now() - listener.startedAt;
      listener.lastDataAt = Date.now();
      response.on('data', (chunk: Buffer) => {
        const now = Date.now();
        listener.maxGapMs = Math.max(listener.maxGapMs, now - (listener.lastDataAt ?? now));
        listener.lastDataAt = now;
        listener.bytes += chunk.length;
      });
      response.on('end', () => (listener.outcome ??= 'ended'));
      response.on('error', () => undefined);
    });
    listener.request.setTimeout(ANSWER_TIMEOUT_MS, () => {
      if (listener.status === undefined) {
        listener.outcome ??= 'timed out';
        listener.request.destroy();
      }
    });
    listener.request.on('error', (error: NodeJS.ErrnoException) => (listener.outcome ??= error.code ?? error.message));
    listener.request.end();
    listeners.push(listener);
  };
  const ramped = new Promise<void>((resolve) => {
    const perTick = Math.max(1, Math.ceil(count / Math.max(1, (rampSeconds * 1000) / 50)));
    const timer = setInterval(() => {
      for (let index = 0; index < perTick && listeners.length < count; index++) open();
      if (listeners.length >= count) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
  });
  return { listeners, ramped };
}

interface Summary {
  answered: number;
  /** Answers other than 200, by status. */
  refused: Record<string, number>;
  timedOut: number;
  failed: Record<string, number>;
  dropped: number;
  stalled: number;
  worstGapS: number;
  p99GapS: number;
  p99AnswerMs: number;
  kbPerSecond: number;
}

function summarize(listeners: Listener[], from: number, until: number): Summary {
  const ok = listeners.filter((listener) => listener.status === 200);
  const gaps = ok
    .map((listener) => Math.max(listener.maxGapMs, until - (listener.lastDataAt ?? from)) / 1000)
    .sort((a, b) => a - b);
  const answers = listeners
    .filter((listener) => listener.answeredMs !== undefined)
    .map((listener) => listener.answeredMs ?? 0)
    .sort((a, b) => a - b);
  const failed = countBy(
    listeners.filter((listener) => listener.status === undefined && listener.outcome !== undefined),
    (listener) => listener.outcome ?? '',
  );
  delete failed['timed out'];
  const percentile = (values: number[], p: number) =>
    values[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0;
  return {
    answered: ok.length,
    refused: countBy(
      listeners.filter((listener) => listener.status !== undefined && listener.status !== 200),
      (listener) => String(listener.status),
    ),
    timedOut: listeners.filter((listener) => listener.outcome === 'timed out').length,
    failed,
    dropped: ok.filter((listener) => listener.outcome !== undefined).length,
    stalled: gaps.filter((gap) => gap > STALL_SECONDS).length,
    worstGapS: gaps.at(-1) ?? 0,
    p99GapS: percentile(gaps, 0.99),
    p99AnswerMs: percentile(answers, 0.99),
    kbPerSecond:
      ok.reduce((sum, listener) => sum + listener.bytes, 0) / Math.max(1, ok.length) / ((until - from) / 1000) / 1024,
  };
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** CPU seconds (user + system) of a process so far, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Connections the kernel dropped because a listening socket's accept queue was full (Icecast 2.4 listens with a backlog of 5). */
function listenOverflows(): number {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
  const header = lines.find((line) => line.startsWith('TcpExt:'))?.split(' ') ?? [];
  const values = lines.filter((line) => line.startsWith('TcpExt:'))[1]?.split(' ') ?? [];
  return Number(values[header.indexOf('ListenOverflows')] ?? 0);
}

function openFilesLimit(pid: number): string {
  return /Max open files\s+(\d+|unlimited)/.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'))?.[1] ?? '?';
}

async function measure(
  station: TestStation,
  path: string,
  label: string,
  count: number,
): Promise<{ row: string; listeners: Listener[] }> {
  const url = label === 'icecast' ? station.icecastUrl(path) : station.url(path);
  const pids = {
    icecast: station.pidOf('icecast'),
    caddy: station.pidOf('caddy'),
    liquidsoap: station.pidOf('liquidsoap'),
  };
  const cpuBefore = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const ownBefore = process.cpuUsage();
  const overflowsBefore = listenOverflows();
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  const started = Date.now();
  const { listeners, ramped } = listen(url, count, RAMP_SECONDS);
  await ramped;
  // Everyone has had ANSWER_TIMEOUT_MS to get in before the window starts.
  await new Promise((resolve) => setTimeout(resolve, ANSWER_TIMEOUT_MS));
  for (const listener of listeners) {
    listener.maxGapMs = 0;
    listener.bytes = 0;
  }
  const from = Date.now();
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  const until = Date.now();
  lag.disable();
  const summary = summarize(listeners, from, until);
  const elapsed = (until - started) / 1000;
  const cpu = Object.entries(pids)
    .map(([name, pid]) => `${name} ${(((cpuSeconds(pid) - (cpuBefore[name] ?? 0)) / elapsed) * 100).toFixed(0)}%`)
    .join(', ');
  const own = process.cpuUsage(ownBefore);
  const overflows = listenOverflows() - overflowsBefore;
  const failed =
    Object.entries(summary.failed)
      .map(([code, n]) => `${code} ${n}`)
      .join(' ') || '0';
  const row =
    `| ${label.padEnd(7)} | ${String(count).padStart(5)} | ${String(summary.answered).padStart(8)} | ${String(summary.stalled).padStart(7)} ` +
    `| ${summary.worstGapS.toFixed(1).padStart(5)} s | ${summary.p99GapS.toFixed(1).padStart(5)} s | ${String(summary.dropped).padStart(7)} ` +
    `| ${String(summary.timedOut).padStart(9)} | ${failed} | ${
      Object.entries(summary.refused)
        .map(([status, n]) => `${n}× ${status}`)
        .join(' ') || '0'
    } | ${summary.p99AnswerMs} ms | ${overflows} ` +
    `| ${summary.kbPerSecond.toFixed(1)} | ${cpu}, listeners ${(((own.user + own.system) / 1e6 / elapsed) * 100).toFixed(0)}% (loop lag max ${(lag.max / 1e6).toFixed(0)} ms) |`;
  return { row, listeners };
}

/** Listeners over the limit while `count` hold their place: each must get its refusal at once. */
async function overLimit(station: TestStation, label: string): Promise<string> {
  const url = label === 'icecast' ? station.icecastUrl('/radio') : station.url('/radio');
  const { listeners, ramped } = listen(url, OVER_LIMIT, 0);
  await ramped;
  await new Promise((resolve) => setTimeout(resolve, ANSWER_TIMEOUT_MS + 1000));
  for (const listener of listeners) listener.request.destroy();
  const statuses: Record<string, number> = {};
  for (const listener of listeners) {
    const key = String(listener.status ?? listener.outcome ?? 'no answer');
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  const slowest = Math.max(...listeners.map((listener) => listener.answeredMs ?? Infinity));
  return `${label}: ${Object.entries(statuses)
    .map(([status, n]) => `${n}× ${status}`)
    .join(', ')}; slowest answer ${slowest} ms`;
}

async function main(): Promise<void> {
  const station = await TestStation.start(undefined, { MAX_LISTENERS: String(MAX_LISTENERS) }, 240_000);
  const rows: string[] = [];
  const refusals: string[] = [];
  try {
    console.log(
      `open files: icecast ${openFilesLimit(station.pidOf('icecast'))}, caddy ${openFilesLimit(station.pidOf('caddy'))}; ` +
        `MAX_LISTENERS ${MAX_LISTENERS}; ramp ${RAMP_SECONDS} s, window ${SECONDS} s, stall = gap > ${STALL_SECONDS} s`,
    );
    for (const count of COUNTS) {
      for (const label of ['icecast', 'caddy']) {
        const { row, listeners } = await measure(station, '/radio', label, count);
        rows.push(row);
        console.log(row);
        if (count === MAX_LISTENERS) refusals.push(await overLimit(station, label));
        for (const listener of listeners) listener.request.destroy();
        await new Promise((resolve) => setTimeout(resolve, 3000));
      }
    }
  } finally {
    await station.stop();
  }
  console.log(
    `\nlisteners on /radio, the whole station on one box (load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`,
  );
  console.log(
    '| via     |     N | answered | stalled | worst gap | p99 gap | dropped | timed out | errors | refused | p99 answer | SYN queue overflows | KiB/s each | CPU (of one core) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log(`\n${OVER_LIMIT} listeners over MAX_LISTENERS=${MAX_LISTENERS}:`);
  for (const line of refusals) console.log(`  ${line}`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
