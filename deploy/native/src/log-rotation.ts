import { execFile } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Log files rotated alike; `owner` makes logrotate act as that user in a directory the user owns. */
export interface LogGroup {
  /** Absolute globs, e.g. `/srv/h4k/data/logs/*.log`. */
  patterns: string[];
  owner?: string;
}

export interface RotationPlan {
  groups: LogGroup[];
  maxBytes: number;
  /** Older generations kept: `x.log.1` plain, `x.log.2.gz` … compressed. */
  keep: number;
  configFile: string;
  stateFile: string;
}

/**
 * Debian's logrotate with copytruncate: the processes (pm2 for every supervised one, the runner's own
 * pm2.log, Icecast's access log) keep their file open in append mode, so truncating it in place is
 * safe and none of them needs to reopen anything. Lines written between the copy and the truncate
 * (microseconds) can be lost: the price of not signalling eleven different programs.
 */
export function renderLogrotateConfig(plan: RotationPlan): string {
  const blocks = plan.groups.map((group) =>
    [
      `${group.patterns.map(quoted).join(' ')} {`,
      // As root in a directory the service user owns: act as that user, so a symlink planted there
      // cannot make root copy a file the user may not read.
      ...(group.owner ? [`    su ${group.owner} ${group.owner}`] : []),
      `    size ${Math.max(1, Math.round(plan.maxBytes))}`,
      `    rotate ${plan.keep}`,
      '    copytruncate',
      '    missingok',
      '    notifempty',
      '    compress',
      '    delaycompress',
      '}',
    ].join('\n'),
  );
  return `# Written by the h4kstream runner at each start; run every minute by it.\n${blocks.join('\n')}\n`;
}

function quoted(pattern: string): string {
  if (/["\n]/.test(pattern)) throw new Error(`a log path logrotate cannot be given: ${JSON.stringify(pattern)}`);
  return `"${pattern}"`;
}

/** Runs logrotate on the station's logs every `everyMs`, one run at a time, until stopped. */
export class LogRotation {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly plan: RotationPlan,
    private readonly log: (line: string) => void,
    private readonly logrotate = '/usr/sbin/logrotate',
  ) {}

  start(everyMs = 60_000): void {
    // logrotate refuses a config that others may write.
    writeFileSync(this.plan.configFile, renderLogrotateConfig(this.plan), { mode: 0o600 });
    chmodSync(this.plan.configFile, 0o600);
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), everyMs);
    this.timer.unref();
  }

  /** One pass; resolves when it is done. A failed pass is logged, never thrown: the station goes on. */
  runOnce(): Promise<void> {
    this.running ??= run(this.logrotate, ['--state', this.plan.stateFile, this.plan.configFile])
      .then(({ stderr }) => {
        if (stderr.trim()) this.log(`logrotate: ${stderr.trim()}`);
      })
      .catch((error: unknown) => {
        const stderr = typeof error === 'object' && error !== null && 'stderr' in error ? String(error.stderr) : '';
        this.log(`logrotate failed: ${stderr.trim() || String(error)}`);
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
