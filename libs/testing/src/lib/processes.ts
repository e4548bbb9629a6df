import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Ports handed out by freePort, one file per port, across every test process on the machine: the
 * OS may give two processes the same free port when the first has not bound it yet (parallel jest
 * projects, each starting servers). A claim older than PORT_CLAIM_MS is void: by then the port is
 * bound (the OS does not report it free) or was never used.
 */
const PORT_CLAIMS_DIR = join(tmpdir(), 'h4k-port-claims');
const PORT_CLAIM_MS = 10 * 60_000;

/**
 * A port free on loopback right now, that no other test process was given, and below the kernel's
 * ephemeral range: a port from that range (what `listen(0)` returns) can be taken by any outgoing
 * connection's local end before the server that was given it binds it, and the tests make thousands.
 */
export async function freePort(): Promise<number> {
  mkdirSync(PORT_CLAIMS_DIR, { recursive: true });
  const [low, high] = listenerPortRange();
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if ((await bindable(port)) && claimPort(port)) return port;
  }
  return osFreePort();
}

/** Ports under the ephemeral range (Linux: 32768-60999 unless changed), above every fixed station port. */
function listenerPortRange(): [number, number] {
  const LOWEST = 10_000;
  let ephemeralLow = 32_768;
  try {
    ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    // Not Linux: keep the usual bound.
  }
  return ephemeralLow - 1 > LOWEST + 1_000 ? [LOWEST, ephemeralLow - 1] : [LOWEST, 65_535];
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function claimPort(port: number): boolean {
  const claim = join(PORT_CLAIMS_DIR, String(port));
  try {
    writeFileSync(claim, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    try {
      if (Date.now() - statSync(claim).mtimeMs < PORT_CLAIM_MS) return false;
      writeFileSync(claim, String(process.pid));
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Whether process `pid` holds the listening TCP socket of `port` (Linux /proc: the socket's inode
 * in the TCP tables, among the process's file descriptors).
 */
export function listensOn(pid: number, port: number): boolean {
  const localPort = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let rows: string[];
    try {
      rows = readFileSync(table, 'utf8').split('\n').slice(1);
    } catch {
      continue; // no IPv6 on this machine
    }
    for (const row of rows) {
      // sl local_address rem_address st ... inode: st 0A is LISTEN
      const fields = row.trim().split(/\s+/);
      if (fields[1]?.endsWith(localPort) && fields[3] === '0A' && fields[9]) inodes.add(fields[9]);
    }
  }
  if (inodes.size === 0) return false;
  const fdDir = `/proc/${pid}/fd`;
  let fds: string[];
  try {
    fds = readdirSync(fdDir);
  } catch {
    return false;
  }
  return fds.some((fd) => {
    try {
      const socket = /^socket:\[(\d+)\]$/.exec(readlinkSync(join(fdDir, fd)));
      return socket?.[1] !== undefined && inodes.has(socket[1]);
    } catch {
      return false;
    }
  });
}

function osFreePort(): Promise<number> {
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
      const answered = (await liquidsoapCommand(telnetPort, 'uptime', 500).catch(() => '')).length > 0;
      // This Liquidsoap, not another process that holds the port (ours would then fail to bind and exit).
      const pid = liquidsoap.child.pid;
      return answered && pid !== undefined && listensOn(pid, telnetPort);
    },
    // radio.liq takes seconds to type-check; while parallel test workers start others it has taken over 30 s
    60_000,
  );
  return liquidsoap;
}
