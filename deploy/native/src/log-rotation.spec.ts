import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { LogRotation, renderLogrotateConfig, type RotationPlan } from './log-rotation';

/** A process that logs like pm2 does: one file opened in append mode, a line every few ms. */
function appendingWriter(file: string): ChildProcess {
  const script = `
    const fs = require('node:fs');
    const fd = fs.openSync(${JSON.stringify(file)}, 'a');
    let n = 0;
    setInterval(() => fs.writeSync(fd, 'line ' + String(n++).padStart(8, '0') + ' ' + 'x'.repeat(80) + '\\n'), 5);
  `;
  return spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
}

async function until(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('log rotation (Debian logrotate, real files)', () => {
  let dir: string;
  let writer: ChildProcess | undefined;
  let rotation: LogRotation | undefined;
  const lines: string[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'h4k-logs-'));
    lines.length = 0;
  });
  afterEach(async () => {
    writer?.kill('SIGKILL');
    await rotation?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const plan = (over: Partial<RotationPlan> = {}): RotationPlan => ({
    groups: [{ patterns: [join(dir, '*.log')] }],
    maxBytes: 8 * 1024,
    keep: 3,
    configFile: join(dir, 'logrotate.conf'),
    stateFile: join(dir, 'logrotate.state'),
    ...over,
  });

  it('caps a log that a running process keeps writing, keeping KEEP generations, and the process goes on in the same file', async () => {
    const file = join(dir, 'liquidsoap.log');
    writer = appendingWriter(file);
    rotation = new LogRotation(plan(), (line) => lines.push(line));
    rotation.start(250);
    await until('the fourth generation to push out the oldest', () => existsSync(`${file}.3.gz`), 30_000);
    await rotation.runOnce();
    await rotation.runOnce();

    const generations = readdirSync(dir)
      .filter((name) => name.startsWith('liquidsoap.log.'))
      .sort();
    expect(generations).toEqual(['liquidsoap.log.1', 'liquidsoap.log.2.gz', 'liquidsoap.log.3.gz']);
    // Uncapped it would be ~18 KiB/s; each pass leaves it small. Between passes it grows by what 250 ms bring.
    expect(statSync(`${file}.1`).size).toBeGreaterThan(8 * 1024);
    // Still written after the truncate (append mode: no hole of zeros up to the old offset).
    const before = statSync(file).size;
    await until('the writer to write on', () => statSync(file).size > before);
    expect(statSync(file).size).toBeLessThan(64 * 1024);
    expect(lines).toEqual([]);
  }, 45_000);

  it('leaves a log under the cap alone', async () => {
    const file = join(dir, 'redis.log');
    writer = appendingWriter(file);
    await until('some lines', () => existsSync(file) && statSync(file).size > 1024);
    writer.kill('SIGKILL');
    rotation = new LogRotation(plan({ maxBytes: 1024 * 1024 }), (line) => lines.push(line));
    rotation.start(60_000);
    await rotation.runOnce();
    expect(readdirSync(dir).filter((name) => name.startsWith('redis.log'))).toEqual(['redis.log']);
  });

  it('reports a failing logrotate instead of throwing (the station goes on)', async () => {
    rotation = new LogRotation(plan(), (line) => lines.push(line), join(dir, 'no-such-logrotate'));
    rotation.start(60_000);
    await rotation.runOnce();
    expect(lines.join('\n')).toMatch(/logrotate failed/);
  });

  it('acts as the service user in the directories it owns', () => {
    const text = renderLogrotateConfig(
      plan({ groups: [{ patterns: ['/d/logs/*.log'] }, { patterns: ['/d/icecast/log/*.log'], owner: 'h4kstream' }] }),
    );
    expect(text).toMatch(/"\/d\/logs\/\*\.log" \{\n {4}size 8192\n {4}rotate 3\n {4}copytruncate/);
    expect(text).toMatch(/"\/d\/icecast\/log\/\*\.log" \{\n {4}su h4kstream h4kstream\n/);
  });
});
