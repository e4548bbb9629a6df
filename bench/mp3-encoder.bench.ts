import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * What the /radio.mp3 encoder costs: Liquidsoap 2.1.3 encoding the station's Opus (as radio.liq's
 * /radio output) alone, then Opus and MP3 128 kb/s stereo (as radio.liq's /radio.mp3 output),
 * each for SECONDS of a noisy tone in real time; CPU % of one core from /proc/<pid>/stat (user +
 * system) after a warm-up. The pairs alternate so a load change on the box hits both alike.
 *
 *   MP3_BENCH_SECONDS=60 MP3_BENCH_PAIRS=2 npm run bench -- mp3-encoder
 */
const SECONDS = Number(process.env['MP3_BENCH_SECONDS'] ?? 60);
const PAIRS = Number(process.env['MP3_BENCH_PAIRS'] ?? 2);
const WARMUP_SECONDS = 8;
const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

const OPUS =
  '%opus(bitrate=128, samplerate=48000, channels=2, application="audio", signal="music", complexity=10, vbr="constrained", frame_size=20.)';
const MP3 = '%mp3(bitrate=128, samplerate=48000, stereo=true)';

function script(withMp3: boolean): string {
  return [
    'settings.log.stdout.set(true)',
    'settings.log.level.set(2)',
    'settings.init.allow_root.set(true)',
    'settings.frame.audio.samplerate.set(48000)',
    // music-like: a tone with noise under it, never digital silence
    's = add(normalize=false, [sine(440.), amplify(0.1, noise())])',
    `output.file(${OPUS}, "/dev/null", s)`,
    ...(withMp3 ? [`output.file(${MP3}, "/dev/null", s)`] : []),
  ].join('\n');
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime, stime
}

async function measure(withMp3: boolean, dir: string): Promise<number> {
  const file = join(dir, withMp3 ? 'opus-mp3.liq' : 'opus.liq');
  writeFileSync(file, script(withMp3));
  const child = spawn('liquidsoap', [file], { stdio: ['ignore', 'ignore', 'inherit'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error('liquidsoap did not start');
  try {
    await sleep(WARMUP_SECONDS * 1000);
    const startTicks = cpuTicks(pid);
    const startAt = process.hrtime.bigint();
    await sleep(SECONDS * 1000);
    const ticks = cpuTicks(pid) - startTicks;
    const wall = Number(process.hrtime.bigint() - startAt) / 1e9;
    return (ticks / TICKS_PER_SECOND / wall) * 100;
  } finally {
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'h4k-mp3-bench-'));
  const opus: number[] = [];
  const both: number[] = [];
  const loads: number[] = [];
  for (let pair = 0; pair < PAIRS; pair++) {
    opus.push(await measure(false, dir));
    both.push(await measure(true, dir));
    loads.push(loadavg()[0] ?? 0);
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const fmt = (values: number[]) => values.map((value) => value.toFixed(1)).join(', ');
  process.stdout.write(
    [
      `Liquidsoap CPU, % of one core, ${PAIRS} × ${SECONDS} s each (load average ${fmt(loads)})`,
      `  Opus 128k only:           ${mean(opus).toFixed(1)} %  (${fmt(opus)})`,
      `  Opus 128k + MP3 128k:     ${mean(both).toFixed(1)} %  (${fmt(both)})`,
      `  the MP3 encoder costs:    ${(mean(both) - mean(opus)).toFixed(1)} % of one core`,
      '',
    ].join('\n'),
  );
}

void main();
