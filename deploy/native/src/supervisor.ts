import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { env } from 'node:process';

import { STATION_SECRET_NAMES, type StationSecretName } from '@h4k/config';

import { waitFor } from './probes';
import type { StationProcess } from './station-processes';
import type { StationSecrets } from './station-secrets';

type Pm2 = typeof import('pm2');

/** The part of a pm2 bus `process:event` packet the runner reads. */
interface Pm2ProcessEvent {
  event: string;
  process: { name: string; restart_time: number };
}

/**
 * Runs the station's processes under pm2 (in this process, no daemon): restarts any that dies,
 * starts them stage by stage once the previous stage is healthy, stops everything on request.
 */
export class Supervisor {
  private pm2: Pm2 | undefined;

  constructor(
    private readonly logDir: string,
    private readonly env: { public: Record<string, string>; secrets: StationSecrets },
    private readonly log: (line: string) => void,
    /** Called each time pm2 brings a process back (not on its first start). */
    private readonly onRestart: (name: string) => void = () => undefined,
  ) {}

  async start(processes: StationProcess[]): Promise<void> {
    // pm2 reads PM2_HOME when it is first loaded: the caller sets it before this runs.
    const pm2 = (this.pm2 = (await import('pm2')).default);
    await new Promise<void>((resolve, reject) => pm2.connect(true, (error) => (error ? reject(error) : resolve())));
    await this.watchRestarts(pm2);
    const stages = [...new Set(processes.map((process) => process.stage))].sort((a, b) => a - b);
    for (const stage of stages) {
      const group = processes.filter((process) => process.stage === stage);
      await Promise.all(group.map((process) => this.startOne(pm2, process)));
      await Promise.all(
        group.map(async (process) => {
          const started = Date.now();
          await waitFor(process.name, process.healthy, process.startTimeoutSeconds * 1000);
          this.log(`  ✔ ${process.name.padEnd(12)} healthy in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }),
      );
    }
  }

  async stop(): Promise<void> {
    const pm2 = this.pm2;
    if (!pm2) return;
    await new Promise<void>((resolve) => pm2.delete('all', () => resolve()));
    await new Promise<void>((resolve) => pm2.killDaemon(() => resolve()));
    pm2.disconnect();
  }

  /**
   * pm2 sends no `restart` event when it brings back a process that died by itself: it sends
   * `online` again with a higher restart_time, so every `online` after the first is a restart.
   */
  private watchRestarts(pm2: Pm2): Promise<void> {
    return new Promise((resolve, reject) =>
      pm2.launchBus((error, bus: { on(event: string, listener: (packet: unknown) => void): void }) => {
        if (error) return reject(error);
        bus.on('process:event', (packet) => {
          if (isProcessEvent(packet) && packet.event === 'online' && packet.process.restart_time > 0) {
            this.onRestart(packet.process.name);
          }
        });
        resolve();
      }),
    );
  }

  private startOne(pm2: Pm2, process: StationProcess): Promise<void> {
    return new Promise((resolve, reject) =>
      pm2.start(
        {
          name: process.name,
          // pm2 resolves a bare name against its cwd before PATH (the repo has an mpd/ folder).
          script: resolveCommand(process.command),
          args: process.args,
          interpreter: process.command.endsWith('node') ? undefined : 'none',
          // Only what this process needs: not the runner's whole environment (pm2 merges it unless filtered).
          env: { ...this.env.public, ...process.env, ...pick(this.env.secrets, process.secrets ?? []) },
          // pm2 merges the runner's own environment in first; drop every secret from it (pm2 removes
          // inherited names containing these; `true` is ignored on its programmatic path, measured).
          filter_env: [...STATION_SECRET_NAMES, 'ICECAST_STANDBY_PASSWORD', 'REDIS_URL'],
          autorestart: true,
          exp_backoff_restart_delay: 250,
          max_restarts: 1_000_000,
          kill_timeout: 8000,
          output: `${this.logDir}/${process.name}.log`,
          error: `${this.logDir}/${process.name}.log`,
          merge_logs: true,
          ...(!process.jsonLogs && { log_date_format: 'YYYY-MM-DD HH:mm:ss' }),
        },
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  }
}

function isProcessEvent(packet: unknown): packet is Pm2ProcessEvent {
  if (typeof packet !== 'object' || packet === null) return false;
  const { event, process } = packet as Partial<Record<'event' | 'process', unknown>>;
  if (typeof event !== 'string' || typeof process !== 'object' || process === null) return false;
  const { name, restart_time } = process as Partial<Record<'name' | 'restart_time', unknown>>;
  return typeof name === 'string' && typeof restart_time === 'number';
}

function resolveCommand(command: string): string {
  if (isAbsolute(command)) return command;
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this PATH entry
    }
  }
  throw new Error(`${command} not found on PATH: is its Debian package installed?`);
}

function pick(secrets: StationSecrets, names: readonly StationSecretName[]): Partial<StationSecrets> {
  return Object.fromEntries(names.map((name) => [name, secrets[name]]));
}
