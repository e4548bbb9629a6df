import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const UNIT_NAME = 'h4kstream.service';
/** Where an administrator's units live (not /lib/systemd/system, which belongs to packages). */
export const SYSTEM_UNIT_DIR = '/etc/systemd/system';
/** Settings for the service other than the data dir (HTTP_PORT, H4K_DOMAIN…), one NAME=value a line. */
export const SETTINGS_FILE = '/etc/default/h4kstream';

export interface UnitPlan {
  /** The checkout: the unit runs its deploy/native/start.sh, as `npm start` does. */
  repoRoot: string;
  /** Absolute data dir, as the runner resolved it. */
  dataDir: string;
  /** Directory of the node binary installing the unit (systemd's default PATH may not have it). */
  nodeBinDir: string;
}

/** systemd's own PATH for services, with the installing node's directory first. */
const SYSTEMD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The station as a systemd service: started at boot, brought back whenever it stops, for good. */
export function renderUnit(plan: UnitPlan): string {
  const path = [plan.nodeBinDir, ...SYSTEMD_PATH.split(':')].filter((dir, i, all) => all.indexOf(dir) === i).join(':');
  return `# h4kstream: the whole station under its native runner (deploy/native), the same as \`npm start\`.
# Written by \`npm run service -- install\`; \`npm run service -- remove\` stops and deletes it.
#
# It runs as root on purpose: the runner starts every process but Caddy as the unprivileged
# \`h4kstream\` system user (setpriv; Icecast drops to it itself), and Caddy keeps root to bind
# port 80 (and 443 with H4K_DOMAIN). Nothing else of the station keeps root.
#
# Other settings (HTTP_PORT, H4K_DOMAIN, …: see README "Settings") go in ${SETTINGS_FILE},
# one NAME=value a line; then \`systemctl restart h4kstream\`. Generated secrets stay in the data dir.
# Logs: the runner's own in \`journalctl -u h4kstream\`; every process's in the data dir's logs/.

[Unit]
Description=h4kstream community radio (native runner)
Documentation=${escapeValue(pathToFileURL(join(plan.repoRoot, 'README.md')).href)}
Wants=network-online.target
After=network-online.target
# Never give up restarting: a station that stopped for good is worse than one that keeps trying.
StartLimitIntervalSec=0

[Service]
Type=simple
WorkingDirectory=${escapeValue(plan.repoRoot)}
Environment=${quoted(`H4K_DATA_DIR=${plan.dataDir}`)}
Environment=${quoted(`PATH=${path}`)}
EnvironmentFile=-${SETTINGS_FILE}
ExecStart=/bin/bash ${quoted(join(plan.repoRoot, 'deploy/native/start.sh'), { command: true })}
Restart=always
RestartSec=5
# The first start may install Debian and npm packages and build: give it time.
TimeoutStartSec=20min
# SIGTERM to the runner only: it stops its processes itself (each gets 8 s), then the rest is killed.
KillMode=mixed
TimeoutStopSec=90
# Every listener holds a socket in Caddy (two) and Icecast: room past the 1024 a service gets by default.
LimitNOFILE=65536

[Install]
WantedBy=multi-user.target
`;
}

/** A unit-file value: `%` is a specifier to systemd, so it is doubled. */
function escapeValue(value: string): string {
  if (/[\n\r]/.test(value))
    throw new Error(`a path with a line break cannot go in a unit file: ${JSON.stringify(value)}`);
  return value.replace(/%/g, '%%');
}

/**
 * One word for systemd's command-line and Environment= parsing, whatever spaces or quotes it holds;
 * on a command line `$` would expand a variable, so it is doubled there.
 */
function quoted(value: string, { command = false } = {}): string {
  const escaped = escapeValue(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return `"${command ? escaped.replace(/\$/g, '$$$$') : escaped}"`;
}

export interface ServiceHost {
  unitDir: string;
  /** Runs systemctl with these arguments; throws when it fails. */
  systemctl: (args: string[]) => void;
  /** Whether systemd runs this machine (PID 1): without it units can be enabled but not started. */
  systemdRunning: boolean;
  log: (line: string) => void;
}

/** The real machine: /etc/systemd/system and its systemctl. */
export function thisMachine(log: (line: string) => void): ServiceHost {
  return {
    unitDir: SYSTEM_UNIT_DIR,
    systemctl: (args) => {
      execFileSync('systemctl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    },
    systemdRunning: existsSync('/run/systemd/system'),
    log,
  };
}

/** Writes, enables and starts the unit. Running it again rewrites the unit (a moved data dir) and restarts. */
export function installService(plan: UnitPlan, host: ServiceHost): void {
  const file = join(host.unitDir, UNIT_NAME);
  const text = renderUnit(plan);
  const unchanged = existsSync(file) && readFileSync(file, 'utf8') === text;
  writeFileSync(file, text, { mode: 0o644 });
  host.log(`${unchanged ? 'Unchanged' : 'Wrote'} ${file} (data dir ${plan.dataDir})`);
  if (!host.systemdRunning) {
    host.systemctl(['enable', UNIT_NAME]);
    host.log(`Enabled ${UNIT_NAME}; systemd is not running this machine, so it starts at the next boot.`);
    return;
  }
  host.systemctl(['daemon-reload']);
  host.systemctl(['enable', UNIT_NAME]);
  // restart, not start: a rewritten unit (another data dir) takes effect now.
  host.systemctl([unchanged ? 'start' : 'restart', UNIT_NAME]);
  host.log(`Enabled and started ${UNIT_NAME}: it starts at boot and is restarted whenever it stops.`);
  host.log('  Follow it: journalctl -u h4kstream -f   (each process logs to the data dir’s logs/)');
  host.log('  Do not also run `npm start`: both would want the same ports.');
}

/** Stops, disables and deletes the unit; nothing to do when it is not installed. */
export function removeService(host: ServiceHost): void {
  const file = join(host.unitDir, UNIT_NAME);
  if (!existsSync(file)) {
    host.log(`${UNIT_NAME} is not installed: nothing to remove.`);
    return;
  }
  if (host.systemdRunning) host.systemctl(['disable', '--now', UNIT_NAME]);
  else host.systemctl(['disable', UNIT_NAME]);
  rmSync(file, { force: true });
  if (host.systemdRunning) host.systemctl(['daemon-reload']);
  host.log(`${host.systemdRunning ? 'Stopped, disabled' : 'Disabled'} and deleted ${UNIT_NAME}. The data dir is kept.`);
}
