import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A port the OS reports free on loopback right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `h4k-${prefix}-`));
}

/** A child process the test owns; `stop()` kills it and waits for the exit. */
export class OwnedProcess {
  private output = '';
  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  get log(): string {
    return this.output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<void> {
    if (!this.running) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

export function startProcess(command: string, args: string[], env: Record<string, string> = {}): OwnedProcess {
  return new OwnedProcess(
    spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** Polls until `check` resolves true; throws with the last problem after `timeoutMs`. */
export async function eventually(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let problem = 'condition false';
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what}: not true after ${timeoutMs} ms (${problem})`);
}

/** A real redis-server on a free loopback port, persisted as in production (AOF, fsync every second) in a temp dir. */
export async function startRedis(): Promise<{
  port: number;
  process: OwnedProcess;
}> {
  const port = await freePort();
  const redis = startProcess('redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    tempDir('redis'),
    '--save',
    '',
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
  ]);
  await eventually(`redis on ${port}`, () => redis.log.includes('Ready to accept connections'), 10_000);
  return { port, process: redis };
}

/** One Liquidsoap telnet command, answered without its END line (what the livestream service sees). */
export function liquidsoapCommand(port: number, command: string, timeoutMs = 3000): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to ${command} within ${timeoutMs} ms`));
    }, timeoutMs);
    let answer = '';
    socket.on('connect', () => socket.write(`${command}\r\n`));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (/(^|\n)END\r?\n/.test(answer)) {
        clearTimeout(timer);
        socket.end('quit\r\n');
        resolve(answer.replace(/END\r?\n$/, '').trim());
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * A Liquidsoap script (e.g. the station's liquidsoap/radio.liq) on a real Liquidsoap, resolved once
 * it answers on telnet. Liquidsoap refuses to run as root: then it runs as nobody, from a copy any
 * user can read.
 */
export async function startLiquidsoapScript(
  script: string,
  telnetPort: number,
  env: Record<string, string>,
): Promise<OwnedProcess> {
  const dir = tempDir('liquidsoap');
  chmodSync(dir, 0o755);
  const copy = join(dir, 'script.liq');
  copyFileSync(script, copy);
  chmodSync(copy, 0o644);
  const liquidsoap =
    process.getuid?.() === 0
      ? startProcess('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'liquidsoap', copy], env)
      : startProcess('liquidsoap', [copy], env);
  await eventually(
    'Liquidsoap answers on telnet',
    async () => {
      if (!liquidsoap.running) throw new Error(`liquidsoap exited:\n${liquidsoap.log.slice(-2000)}`);
      return (await liquidsoapCommand(telnetPort, 'uptime', 500).catch(() => '')).length > 0;
    },
    // radio.liq takes seconds to type-check; while parallel test workers start others it has taken over 30 s
    60_000,
  );
  return liquidsoap;
}
