import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, readSync, writeFileSync } from 'node:fs';

import { DeadAirDetector, decodeStream } from '@h4k/testing';
import { STATION_PROCESSES, TestStation } from '@h4k/testing/station';

import { MemoryCap, type MemoryCapReading } from './memory-cap';

/**
 * Start-up time and idle memory of a whole station: the runner `npm start` uses, on free ports.
 * Prints seconds to "on air", seconds until decoded audio arrives on /radio, then, after idling,
 * every process under the runner (wrappers included: any process pm2 did not start itself shows up
 * as "other") with its RSS and PSS beside what it cost before the footprint work (issue #13 item 6).
 *
 * RSS counts a shared page in every process that maps it (the node binary in five processes, the
 * codec libraries in both MPDs, ffmpeg and Liquidsoap); PSS splits it between every process on the
 * machine that maps it, other stations' included. What the station occupies on a server of its own
 * is its distinct physical pages: the page frames of all its processes (/proc/<pid>/pagemap, root),
 * each counted once.
 */
const IDLE_SECONDS = Number(process.env['FOOTPRINT_IDLE_SECONDS'] ?? 30);
/** Issue #13's memory target, as a hard cap the whole station then runs under (`FOOTPRINT_CAP_MIB`). */
export const CAP_MIB = Number(process.env['FOOTPRINT_CAP_MIB'] ?? 650);
/** How long a listener decodes /radio through Caddy from the capped station (`FOOTPRINT_CAP_SECONDS`). */
const CAP_SECONDS = Number(process.env['FOOTPRINT_CAP_SECONDS'] ?? 60);

/** Before: the same measurement at 5a113dd (2026-11-30, no runtime flags, one run), MiB. */
const BEFORE: Record<string, { rss: number; pss: number }> = {
  runner: { rss: 90.9, pss: 43.0 },
  redis: { rss: 12.6, pss: 3.9 },
  'mpd-user': { rss: 49.8, pss: 11.6 },
  'mpd-fallback': { rss: 55.6, pss: 17.3 },
  icecast: { rss: 17.5, pss: 4.4 },
  liquidsoap: { rss: 207.4, pss: 150.6 },
  standby: { rss: 50.0, pss: 11.8 },
  queue: { rss: 93.2, pss: 47.5 },
  downloader: { rss: 101.6, pss: 55.8 },
  livestream: { rss: 72.4, pss: 27.0 },
  gateway: { rss: 143.2, pss: 95.2 },
  caddy: { rss: 36.2, pss: 15.6 },
};

export interface ProcessMemory {
  name: string;
  pid: number;
  rssMiB: number;
  pssMiB: number;
}

export interface Footprint {
  startSeconds: number;
  firstAudioSeconds: number;
  idleSeconds: number;
  processes: ProcessMemory[];
  totalRssMiB: number;
  totalPssMiB: number;
  /** Resident page frames of all the processes, each counted once. */
  distinctMiB: number;
}

function memory(pid: number): { rssMiB: number; pssMiB: number } {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0) / 1024;
  return { rssMiB: field('Rss'), pssMiB: field('Pss') };
}

/** Adds the page frame numbers of every resident page of `pid` to `frames`. */
function addResidentFrames(pid: number, frames: Set<number>): void {
  const file = openSync(`/proc/${pid}/pagemap`, 'r');
  try {
    let region: [number, number] | undefined;
    for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
      const header = /^([0-9a-f]+)-([0-9a-f]+) /.exec(line);
      if (header) {
        region = [parseInt(header[1] ?? '0', 16) / 4096, parseInt(header[2] ?? '0', 16) / 4096];
        continue;
      }
      if (!region || !/^Rss:\s+[1-9]/.test(line)) continue;
      // One 64-bit entry per page: bit 63 present, bits 0-54 the frame number.
      const entries = new BigUint64Array(region[1] - region[0]);
      readSync(file, new Uint8Array(entries.buffer), 0, entries.byteLength, region[0] * 8);
      for (const entry of entries) if (entry >> 63n) frames.add(Number(entry & ((1n << 55n) - 1n)));
    }
  } finally {
    closeSync(file);
  }
}

/** The process and all its descendants, from /proc. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  const tree: number[] = [];
  for (const queue = [root]; queue.length > 0;) {
    const pid = queue.shift() ?? 0;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

function commandOf(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 60);
}

/** A fresh station idling `idleSeconds`: its start times and what every process holds. */
export async function measureFootprint(idleSeconds = IDLE_SECONDS): Promise<Footprint> {
  const started = Date.now();
  const station = await TestStation.start();
  try {
    const firstAudio = await decodeStream(station.url('/radio'), 1, 1);
    const firstAudioSeconds = (Date.now() - started) / 1000;
    if (firstAudio.decodedSeconds < 0.9) throw new Error('no audio on /radio');
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    const runnerPid = station.runner.child.pid ?? 0;
    const names = new Map<number, string>([[runnerPid, 'runner']]);
    for (const name of STATION_PROCESSES) names.set(station.pidOf(name), name);
    const tree = processTree(runnerPid);
    const frames = new Set<number>();
    for (const pid of tree) addResidentFrames(pid, frames);
    const processes = tree.map((pid) => ({
      name: names.get(pid) ?? `other: ${commandOf(pid)}`,
      pid,
      ...memory(pid),
    }));
    return {
      startSeconds: station.startSeconds,
      firstAudioSeconds,
      idleSeconds,
      processes,
      totalRssMiB: processes.reduce((sum, entry) => sum + entry.rssMiB, 0),
      totalPssMiB: processes.reduce((sum, entry) => sum + entry.pssMiB, 0),
      distinctMiB: (frames.size * 4096) / 1024 / 1024,
    };
  } finally {
    await station.stop();
  }
}

export interface CappedRun {
  reading: MemoryCapReading;
  processes: number;
  /** Station processes whose PID changed while capped (an OOM kill shows up here, restarted by pm2). */
  restarted: string[];
  listenedSeconds: number;
  /** Silence runs ≥ 0.25 s below −50 dBFS, byte gaps > 1 s, or the stream ending, as a listener hears them. */
  deadAir: { kind: string; seconds: number }[];
}

/**
 * A fresh station started inside a memory cgroup capped at `limitMiB` (root), then a listener on
 * /radio through Caddy for `seconds`: what the kernel charged at most (each page once, page cache
 * included), whether it had to kill anything, and whether the listener heard a gap. Resolves with why
 * not when there can be no cgroup here.
 */
export async function measureUnderCap(limitMiB = CAP_MIB, seconds = CAP_SECONDS): Promise<CappedRun | string> {
  const cap = MemoryCap.create(limitMiB);
  if (typeof cap === 'string') return cap;
  try {
    // A page is charged to the cgroup that first reads it: with a cold page cache the station's own
    // binaries, libraries and code are charged to it, as on a server of its own (not the pages other
    // processes hold mapped meanwhile, the node binary this bench runs on among them).
    execFileSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '3');
    const station = await TestStation.start(undefined, {}, 240_000, cap.procsFile);
    try {
      const tree = processTree(station.runner.child.pid ?? 0);
      const capped = new Set(cap.pids());
      const outside = tree.filter((pid) => !capped.has(pid));
      if (outside.length > 0) throw new Error(`processes outside the memory cap: ${outside.map(commandOf).join(', ')}`);
      const pids = new Map(STATION_PROCESSES.map((name) => [name, station.pidOf(name)]));
      const listener = new DeadAirDetector(station.url('/radio'));
      let listeningFrom = Date.now();
      try {
        await listener.waitForAudio(1000, 30_000);
        listeningFrom = Date.now();
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      } finally {
        listener.stop();
      }
      const deadAir = listener.eventsSince(listeningFrom).map(({ kind, seconds }) => ({ kind, seconds }));
      return {
        reading: cap.read(),
        processes: tree.length,
        restarted: [...pids].filter(([name, pid]) => station.pidOf(name) !== pid).map(([name]) => name),
        listenedSeconds: (Date.now() - listeningFrom) / 1000,
        deadAir,
      };
    } finally {
      await station.stop();
    }
  } finally {
    await cap.remove();
  }
}

/** One line on a capped run, for this bench and the summary. */
export function describeCappedRun(run: CappedRun | string): string {
  if (typeof run === 'string') return `not run under a cap: ${run}`;
  const { reading } = run;
  const mib = (value: number) => value.toFixed(0);
  return (
    `under a ${reading.limitMiB} MiB cap (cgroup, cold page cache, ${run.processes} processes): ` +
    `peak ${mib(reading.peakMiB)} MiB charged; at the end ${mib(reading.anonMiB)} MiB anon + ` +
    `${mib(reading.fileMiB)} MiB page cache, ${mib(reading.mappedMiB)} of it mapped; ${reading.oomKills} OOM kills, ` +
    `${run.restarted.length} restarts${run.restarted.length ? ` (${run.restarted.join(', ')})` : ''}, ` +
    `${run.deadAir.length} dead-air events in ${run.listenedSeconds.toFixed(0)} s on /radio` +
    (run.deadAir.length
      ? ` (${run.deadAir.map((event) => `${event.kind} ${event.seconds.toFixed(2)} s`).join(', ')})`
      : '')
  );
}

/** Whether the station kept playing and lost nothing under the cap. */
export function cappedRunClean(run: CappedRun | string): boolean {
  return (
    typeof run !== 'string' && run.reading.oomKills === 0 && run.restarted.length === 0 && run.deadAir.length === 0
  );
}

/** The distinct resident pages of the same station at 5a113dd, MiB. */
export const DISTINCT_BEFORE_MIB = 605.9;

export const FOOTPRINT_BEFORE = {
  totalRssMiB: Object.values(BEFORE).reduce((sum, entry) => sum + entry.rss, 0),
  totalPssMiB: Object.values(BEFORE).reduce((sum, entry) => sum + entry.pss, 0),
};

async function main(): Promise<void> {
  const footprint = await measureFootprint();
  const mib = (value: number | undefined) => (value === undefined ? '' : value.toFixed(1));
  console.log(`on air (all healthy, /radio mounted): ${footprint.startSeconds.toFixed(1)} s`);
  console.log(`first decoded audio on /radio via Caddy: ${footprint.firstAudioSeconds.toFixed(1)} s`);
  console.log(`memory after ${footprint.idleSeconds} s idle, MiB (before: 5a113dd, no runtime flags):`);
  console.log('| process | RSS before | RSS now | PSS before | PSS now |');
  console.log('|---|---|---|---|---|');
  for (const entry of footprint.processes) {
    const before = BEFORE[entry.name];
    console.log(
      `| ${entry.name} | ${mib(before?.rss)} | ${mib(entry.rssMiB)} | ${mib(before?.pss)} | ${mib(entry.pssMiB)} |`,
    );
  }
  console.log(
    `| total (${footprint.processes.length} processes) | ${mib(FOOTPRINT_BEFORE.totalRssMiB)} | ${mib(footprint.totalRssMiB)} | ` +
      `${mib(FOOTPRINT_BEFORE.totalPssMiB)} | ${mib(footprint.totalPssMiB)} |`,
  );
  console.log(
    `the station's distinct resident pages (shared ones once): ${mib(footprint.distinctMiB)} MiB ` +
      `(before: ${DISTINCT_BEFORE_MIB} MiB)`,
  );
  console.log(describeCappedRun(await measureUnderCap()));
}

if (require.main === module) {
  void main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
