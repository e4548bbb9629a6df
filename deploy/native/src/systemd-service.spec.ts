import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import {
  installService,
  removeService,
  renderUnit,
  type ServiceHost,
  UNIT_NAME,
  type UnitPlan,
} from './systemd-service';

const repoRoot = resolve(__dirname, '../../..');

/** `systemd-analyze verify` exits 0 even for unknown keys or bad values: what it prints is the verdict. */
function verify(unitFile: string): string {
  const run = spawnSync('systemd-analyze', ['verify', unitFile], { encoding: 'utf8' });
  return `${run.stdout}${run.stderr}`.trim();
}

describe('the systemd unit', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'h4k-unit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const plan = (over: Partial<UnitPlan> = {}): UnitPlan => ({
    repoRoot,
    dataDir: join(repoRoot, 'data'),
    nodeBinDir: dirname(process.execPath),
    ...over,
  });

  // Works without systemd as PID 1 (checked in a container whose PID 1 is not systemd): verify only loads files.
  it('passes systemd-analyze verify with nothing to say', () => {
    const file = join(dir, UNIT_NAME);
    writeFileSync(file, renderUnit(plan()));
    expect(verify(file)).toBe('');
  });

  it('verify does complain about a broken unit (so the check above can fail)', () => {
    const file = join(dir, UNIT_NAME);
    writeFileSync(
      file,
      renderUnit(plan()).replace('KillMode=mixed', 'KillMode=gently').replace('Restart=', 'Restrat='),
    );
    const said = verify(file);
    expect(said).toMatch(/kill mode/i);
    expect(said).toMatch(/Unknown key 'Restrat'/);
  });

  it('runs start.sh from the checkout as root, with the data dir, restarting always', () => {
    const unit = renderUnit(plan({ dataDir: '/srv/radio data' }));
    expect(unit).toContain(`ExecStart=/bin/bash "${repoRoot}/deploy/native/start.sh"`);
    expect(unit).toContain(`WorkingDirectory=${repoRoot}\n`);
    expect(unit).toContain('Environment="H4K_DATA_DIR=/srv/radio data"');
    expect(unit).toMatch(/^Restart=always$/m);
    expect(unit).toMatch(/^StartLimitIntervalSec=0$/m);
    expect(unit).toMatch(/^LimitNOFILE=65536$/m);
    expect(unit).not.toMatch(/^User=/m);
    expect(unit).toMatch(/as root on purpose/);
  });

  it('keeps odd paths one word: spaces, quotes, % and $', () => {
    const odd = join(dir, 'we"ird 100% $HOME');
    mkdirSync(join(odd, 'deploy/native'), { recursive: true });
    writeFileSync(join(odd, 'deploy/native/start.sh'), '#!/bin/bash\n', { mode: 0o755 });
    const file = join(dir, UNIT_NAME);
    writeFileSync(file, renderUnit(plan({ repoRoot: odd, dataDir: join(odd, 'data') })));
    expect(verify(file)).toBe('');
    const exec = readFileSync(file, 'utf8').match(/^ExecStart=(.*)$/m)?.[1];
    expect(exec).toBe(`/bin/bash "${dir}/we\\"ird 100%% $$HOME/deploy/native/start.sh"`);
  });

  it('refuses a path with a line break rather than writing a unit that means something else', () => {
    expect(() => renderUnit(plan({ dataDir: '/srv/a\nExecStartPre=/bin/evil' }))).toThrow(/line break/);
  });
});

describe('install and remove (systemctl --root on a scratch tree)', () => {
  let root: string;
  let lines: string[];
  let host: ServiceHost;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'h4k-root-'));
    lines = [];
    const unitDir = join(root, 'etc/systemd/system');
    mkdirSync(unitDir, { recursive: true });
    host = {
      unitDir,
      systemctl: (args) => execFileSync('systemctl', [`--root=${root}`, ...args], { stdio: 'pipe' }),
      systemdRunning: false,
      log: (line) => lines.push(line),
    };
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const wanted = () => join(root, 'etc/systemd/system/multi-user.target.wants', UNIT_NAME);
  const plan: UnitPlan = { repoRoot, dataDir: '/srv/h4k', nodeBinDir: '/usr/bin' };

  it('installs and enables the unit, twice without harm, then removes it, twice without harm', () => {
    installService(plan, host);
    expect(readFileSync(join(host.unitDir, UNIT_NAME), 'utf8')).toBe(renderUnit(plan));
    expect(lstatSync(wanted()).isSymbolicLink()).toBe(true);
    installService(plan, host);
    expect(lines.at(-2)).toMatch(/^Unchanged /);
    expect(lstatSync(wanted()).isSymbolicLink()).toBe(true);

    removeService(host);
    expect(existsSync(join(host.unitDir, UNIT_NAME))).toBe(false);
    expect(existsSync(wanted())).toBe(false);
    removeService(host);
    expect(lines.at(-1)).toMatch(/not installed: nothing to remove/);
  });

  it('rewrites the unit when the data dir moved', () => {
    installService(plan, host);
    installService({ ...plan, dataDir: '/srv/elsewhere' }, host);
    expect(readFileSync(join(host.unitDir, UNIT_NAME), 'utf8')).toContain('H4K_DATA_DIR=/srv/elsewhere');
  });
});
