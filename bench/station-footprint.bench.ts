import { decodeStream } from '@h4k/testing';
import { readdirSync, readFileSync } from 'node:fs';
import { STATION_PROCESSES, TestStation } from '@h4k/testing/station';

/**
 * Start-up time and idle memory of a whole station: the runner `npm start` uses, on free ports.
 * Prints seconds to "on air", seconds until decoded audio arrives on /radio, then, after idling,
 * every process under the runner (wrappers included: any process pm2 did not start itself shows up
 * as "other") with its RSS and PSS beside what it cost before the footprint work (issue #13 item 6).
 *
 * RSS counts a shared page in every process that maps it (the node binary in five processes, the
 * codec libraries in both MPDs, ffmpeg and Liquidsoap); PSS splits it between them, so the PSS
 * total is the memory the station occupies.
 */
const IDLE_SECONDS = Number(process.env['FOOTPRINT_IDLE_SECONDS'] ?? 30);

/** Before: the same measurement at 5a113dd (2026-11-30, no runtime flags, one run), MiB. */
const BEFORE: Record<string, { rss: number; pss: number }> = {
  runner: { rss: 82.5, pss: 35.6 },
  redis: { rss: 12.6, pss: 6.5 },
  'mpd-user': { rss: 49.7, pss: 19.8 },
  'mpd-fallback': { rss: 55.3, pss: 25.4 },
  icecast: { rss: 17.8, pss: 7.2 },
  liquidsoap: { rss: 203.5, pss: 162.5 },
  standby: { rss: 49.9, pss: 19.2 },
  queue: { rss: 95.3, pss: 50.4 },
  downloader: { rss: 101.7, pss: 56.6 },
  livestream: { rss: 93.9, pss: 49.1 },
  gateway: { rss: 144.3, pss: 97.3 },
  caddy: { rss: 35.0, pss: 33.9 },
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
}

function memory(pid: number): { rssMiB: number; pssMiB: number } {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0) / 1024;
  return { rssMiB: field('Rss'), pssMiB: field('Pss') };
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
    const processes = processTree(runnerPid).map((pid) => ({
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
    };
  } finally {
    await station.stop();
  }
}

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
}

if (require.main === module) {
  void main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
