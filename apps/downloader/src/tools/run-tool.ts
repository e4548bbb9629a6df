import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  signal: AbortSignal;
  /** Wall-clock limit of this run: the process group is killed when it passes. */
  deadlineMs: number;
  /** Most stdout kept; a tool that prints more is killed (a hostile file's tags can be megabytes). */
  maxStdoutBytes?: number;
  onLine?: (line: string) => void;
}

const DEFAULT_MAX_STDOUT_BYTES = 4 * 1024 * 1024;

/** A run stopped by its own limits (not by the caller's signal). */
export class ToolLimitExceeded extends Error {
  constructor(
    readonly limit: 'deadline' | 'output',
    tool: string,
  ) {
    super(limit === 'deadline' ? `${tool} passed its deadline` : `${tool} printed more than allowed`);
    this.name = 'ToolLimitExceeded';
  }
}

/**
 * Waits for a child started in its own process group; an abort, the deadline or too much output
 * kills the whole group (yt-dlp may start helpers) with SIGKILL, so nothing keeps writing into a
 * temp dir that is being removed.
 */
export function waitForTool(child: ChildProcess, options: RunOptions): Promise<ToolResult> {
  const { signal, onLine } = options;
  const maxStdout = options.maxStdoutBytes ?? DEFAULT_MAX_STDOUT_BYTES;
  const tool = child.spawnfile;
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let pending = '';
    let exceeded: ToolLimitExceeded | null = null;
    const stop = (limit: ToolLimitExceeded['limit']): void => {
      exceeded ??= new ToolLimitExceeded(limit, tool);
      killGroup(child);
    };
    const lines = (chunk: Buffer): void => {
      if (!onLine) return;
      pending += chunk.toString();
      const parts = pending.split(/[\r\n]+/);
      pending = parts.pop() ?? '';
      parts.forEach(onLine);
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.length > maxStdout) stop('output');
      lines(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-20_000);
      lines(chunk);
    });
    const deadline = setTimeout(() => stop('deadline'), options.deadlineMs);
    const kill = (): void => killGroup(child);
    if (signal.aborted) kill();
    signal.addEventListener('abort', kill, { once: true });
    const settle = (): void => {
      clearTimeout(deadline);
      signal.removeEventListener('abort', kill);
    };
    child.on('error', (error) => {
      settle();
      reject(error);
    });
    child.on('close', (code) => {
      settle();
      if (signal.aborted) reject(signal.reason);
      else if (exceeded) reject(exceeded);
      else resolve({ code, stdout, stderr });
    });
  });
}

export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

export const groupSpawnOptions: SpawnOptions = { detached: true, stdio: ['ignore', 'pipe', 'pipe'] };

export function runTool(path: string, args: string[], options: RunOptions): Promise<ToolResult> {
  return waitForTool(spawn(path, args, groupSpawnOptions), options);
}
