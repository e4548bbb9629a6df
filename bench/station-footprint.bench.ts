import { decodeStream } from '@h4k/testing';
import { readFileSync } from 'node:fs';
import { STATION_PROCESSES, TestStation } from '../apps/station-e2e/src/support/test-station';

/**
 * Start-up time and idle memory of a whole station: the runner `npm start` uses, on free ports.
 * Prints: seconds to "on air", seconds until decoded audio arrives on /radio, RSS per process after idling.
 */
const IDLE_SECONDS = 30;

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kib / 1024;
}

/** setpriv execs liquidsoap in place, so the pid pm2 recorded is liquidsoap's. */
async function main(): Promise<void> {
  const started = Date.now();
  const station = await TestStation.start();
  const firstAudio = await decodeStream(station.url('/radio'), 1, 1);
  const audioSeconds = (Date.now() - started) / 1000;
  if (firstAudio.decodedSeconds < 0.9) throw new Error('no audio on /radio');
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
  const rows: [string, number][] = STATION_PROCESSES.map((name) => [name, rssMiB(station.pidOf(name))]);
  rows.push(['runner (pm2)', rssMiB(station.runner.child.pid ?? 0)]);
  await station.stop();

  console.log(`on air (all healthy, /radio mounted): ${station.startSeconds.toFixed(1)} s`);
  console.log(`first decoded audio on /radio via Caddy: ${audioSeconds.toFixed(1)} s`);
  console.log(`RSS after ${IDLE_SECONDS} s idle:`);
  for (const [name, mib] of rows) console.log(`  ${name.padEnd(14)} ${mib.toFixed(1).padStart(7)} MiB`);
  console.log(
    `  ${'total'.padEnd(14)} ${rows
      .reduce((sum, [, mib]) => sum + mib, 0)
      .toFixed(1)
      .padStart(7)} MiB`,
  );
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
