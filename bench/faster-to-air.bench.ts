import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

import { measureIngest } from './ingest.bench';
import { measureKickLateness } from './kick-lateness.bench';
import { CONNECTIONS, measureNowPlayingHttp, type WrkResult } from './now-playing-http.bench';
import { cappedRunClean, describeCappedRun, measureFootprint, measureUnderCap } from './station-footprint.bench';

/**
 * Issue #13's table, measured now, in one run: each row comes from the bench that owns it (footprint,
 * now-playing-http, kick-lateness and ingest imported; failover run as its own process, its table
 * read back), each on a fresh station of its own. "Before" is what the issue measured, quoted.
 * `SUMMARY_FAILOVER_RUNS` (default 3) and `SUMMARY_INGEST_RUNS` (default 3) set the run counts.
 */
const FAILOVER_RUNS = Number(process.env['SUMMARY_FAILOVER_RUNS'] ?? 3);
const INGEST_RUNS = Number(process.env['SUMMARY_INGEST_RUNS'] ?? 3);

interface Row {
  path: string;
  before: string;
  after: string;
  target: string;
  met: boolean;
}

/** Per switch kind, the failover bench's medians and maxima (seconds). */
type FailoverTable = Map<string, { median: number; max: number }>;

/** Runs bench/failover.bench.ts as it is run alone, its output passed through, and reads its table. */
function runFailover(runs: number): Promise<FailoverTable> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', resolve(__dirname, 'failover.bench.ts')],
      { env: { ...process.env, FAILOVER_RUNS: String(runs) }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk.toString().replace(/^(?=.)/gm, '  failover> '));
    });
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`failover bench exited with ${code}`));
      const table: FailoverTable = new Map();
      for (const match of output.matchAll(/^\| ([^|]+?) \| ([\d.]+) \| ([\d.]+) \|/gm)) {
        table.set(match[1] ?? '', { median: Number(match[2]), max: Number(match[3]) });
      }
      done(table);
    });
  });
}

function failoverRow(table: FailoverTable, kind: string): { median: number; max: number } {
  const row = table.get(kind);
  if (!row) throw new Error(`the failover bench printed no "${kind}" row (rows: ${[...table.keys()].join(', ')})`);
  return row;
}

/** wrk's latency ("812.00us", "12.34ms", "1.20s") in milliseconds. */
function milliseconds(latency: string): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(latency);
  if (!match) return Number.NaN;
  return Number(match[1]) * { us: 0.001, ms: 1, s: 1000 }[match[2] as 'us' | 'ms' | 's'];
}

const seconds = (value: number) => `${value.toFixed(1)} s`;

async function main(): Promise<void> {
  const rows: Row[] = [];
  const step = (name: string) => console.log(`\n== ${name}`);

  // First, while nothing else has run: the idle station.
  step('station-footprint');
  const footprint = await measureFootprint();
  step('station under a memory cap');
  const capped = await measureUnderCap();
  console.log(`  ${describeCappedRun(capped)}`);
  step('now-playing-http');
  const http = await measureNowPlayingHttp();
  step('kick-lateness');
  const kick = await measureKickLateness(10, (line) => console.log(`  ${line}`));
  step(`ingest (${INGEST_RUNS} runs)`);
  const ingest = await measureIngest(INGEST_RUNS);
  step(`failover (${FAILOVER_RUNS} runs)`);
  const failover = await runFailover(FAILOVER_RUNS);

  rows.push({
    path: '3-minute upload: 202 → queued',
    before: '11–25 s (two loudnorm passes dominate)',
    after: `median ${ingest.medianSeconds.toFixed(2)} s, max ${ingest.maxSeconds.toFixed(2)} s (${ingest.uploadSeconds.length} runs)`,
    target: '≤ 4 s',
    met: ingest.medianSeconds <= 4,
  });
  const switchRow = (kind: string, path: string, before: string, target: string, limit: number, note = '') => {
    const { median, max } = failoverRow(failover, kind);
    rows.push({
      path,
      before,
      after: `median ${seconds(median)}, max ${seconds(max)}${note}`,
      target,
      met: median <= limit,
    });
  };
  switchRow(
    'user song start',
    'song queued → audible at the listener edge',
    '~2.5 s, start of the song lost from a stopped MPD',
    '≤ 1.5 s, first second kept',
    1.5,
    ' (whether its first second is heard: song-start e2e, not measured here)',
  );
  switchRow('DJ start', 'DJ encoder start → live audible at the listener edge', '5.4–5.6 s', '≤ 3.0 s', 3);
  switchRow(
    'DJ stop',
    'DJ stops deliberately → next tier audible',
    '4.3–4.5 s',
    '≤ 2.5 s, a stall keeps its grace',
    2.5,
  );
  rows.push({
    path: 'kick lateness',
    before: 'median 16 ms',
    after: `median ${kick.medianMs} ms, max ${kick.maxMs} ms (${kick.lateness.length} runs)`,
    target: '≤ 50 ms, kept',
    met: kick.medianMs <= 50,
  });
  const ratio = http.publicFile.requestsPerSecond / http.bareNode.requestsPerSecond;
  const perSecond = (result: WrkResult) => result.requestsPerSecond.toFixed(0);
  rows.push({
    path: `GET /now-playing, ${CONNECTIONS} connections, ratio to a bare endpoint`,
    before: '0.15× (2,141 vs 14,728 req/s), p99 766 ms',
    after:
      `${ratio.toFixed(2)}× (${perSecond(http.publicFile)} vs ${perSecond(http.bareNode)} req/s), ` +
      `p99 ${http.publicFile.p99} (public /api/now-playing vs bare node:http)`,
    target: '≥ 0.5×, p99 ≤ 50 ms',
    met: ratio >= 0.5 && milliseconds(http.publicFile.p99) <= 50,
  });
  rows.push({
    path: 'whole station idle memory (every process, the runner included)',
    before: '879 MB (RSS summed)',
    after:
      `${footprint.distinctMiB.toFixed(0)} MiB of distinct pages; RSS summed ${footprint.totalRssMiB.toFixed(0)} MiB, ` +
      `PSS ${footprint.totalPssMiB.toFixed(0)} MiB (${footprint.processes.length} processes, ${footprint.idleSeconds} s idle); ` +
      describeCappedRun(capped),
    target: '≤ 650 MB, fits a 1 GB server',
    met: footprint.distinctMiB <= 650 && cappedRunClean(capped),
  });

  console.log('\nIssue #13, before (as the issue measured it) and after (measured in this run):');
  console.log('| path | before | after | target | met? |');
  console.log('|---|---|---|---|---|');
  for (const row of rows) {
    console.log(`| ${row.path} | ${row.before} | ${row.after} | ${row.target} | ${row.met ? 'yes' : 'no'} |`);
  }
  console.log(
    '\n"met" compares the median with the target. Memory: distinct pages count each resident page of the ' +
      "station's processes once (what a server of its own holds); RSS summed counts a shared page (the node " +
      'binary, codec libraries) in every process; PSS splits it with every process on the machine, other stations too. ' +
      'Under a cap the kernel charges each page once, page cache included, and reclaims cache before it kills: ' +
      'memory is met when the distinct pages fit and the station played under the cap with nothing killed or restarted ' +
      'and no dead air.',
  );
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
