import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  signal: AbortSignal;
  onLine?: (line: string) => void;
}

/**
 * Waits for a child started in its own process group; an abort kills the whole group (yt-dlp may
 * start ffmpeg) with SIGKILL, so nothing keeps writing into a temp dir that is being removed.
 */
export function waitForTool(child: ChildProcess, { signal, onLine }: RunOptions): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let pending = '';
    const lines = (chunk: Buffer): void => {
      if (!onLine) return;
      pending += chunk.toString();
      const parts = pending.split(/[\r\n]+/);
      pending = parts.pop() ?? '';
      parts.forEach(onLine);
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      lines(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-20_000);
      lines(chunk);
    });
    const kill = (): void => killGroup(child);
    if (signal.aborted) kill();
    signal.addEventListener('abort', kill, { once: true });
    child.on('error', (error) => {
      signal.removeEventListener('abort', kill);
      reject(error);
    });
    child.on('close', (code) => {
      signal.removeEventListener('abort', kill);
      if (signal.aborted) reject(signal.reason);
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
