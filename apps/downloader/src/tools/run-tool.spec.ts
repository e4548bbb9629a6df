import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { runTool, ToolLimitExceeded } from './run-tool';

const run = promisify(execFile);

/** pgrep exits 1 when nothing matches. */
async function running(pattern: string): Promise<boolean> {
  return run('pgrep', ['-f', pattern]).then(
    () => true,
    () => false,
  );
}

describe('runTool limits (real ffmpeg)', () => {
  it('kills a run that passes its wall-clock deadline', async () => {
    const marker = `sine=frequency=${1000 + Math.floor(Math.random() * 1000)}`;
    const started = Date.now();
    const result = runTool('ffmpeg', ['-nostdin', '-re', '-f', 'lavfi', '-i', marker, '-f', 'null', '-'], {
      signal: new AbortController().signal,
      deadlineMs: 700,
    });
    await expect(result).rejects.toEqual(new ToolLimitExceeded('deadline', 'ffmpeg'));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await running(marker)).toBe(false);
  });

  it('kills a run that prints more than its output cap', async () => {
    const result = runTool('ffmpeg', ['-nostdin', '-f', 'lavfi', '-i', 'sine', '-f', 's16le', 'pipe:1'], {
      signal: new AbortController().signal,
      deadlineMs: 20_000,
      maxStdoutBytes: 64 * 1024,
    });
    await expect(result).rejects.toEqual(new ToolLimitExceeded('output', 'ffmpeg'));
  });

  it('resolves a run inside its limits with its exit code', async () => {
    const result = await runTool('ffmpeg', ['-hide_banner', '-version'], {
      signal: new AbortController().signal,
      deadlineMs: 10_000,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ffmpeg version/);
  });
});
