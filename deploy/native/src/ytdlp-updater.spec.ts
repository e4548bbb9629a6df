import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { tempDir } from '@h4k/testing';

import { expectedDigest, keepYtdlpCurrent, updateYtdlp, type YtdlpInstall } from './ytdlp-updater';

/** A stand-in for the official build: a script that prints its version like yt-dlp does. */
const fakeBuild = (version: string) => `#!/bin/sh\necho ${version}\n`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A fake release folder on 127.0.0.1 that records what was asked of it. */
class FakeRelease {
  readonly requests: string[] = [];
  binary = fakeBuild('2099.01.01');
  sums = '';
  private server: Server | undefined;

  publish(binary: string, listedDigest = sha256(binary)): void {
    this.binary = binary;
    // As the project publishes it: every asset of the release, the Linux build among them.
    this.sums = [
      `${sha256('aarch64 build')}  yt-dlp_linux_aarch64`,
      `${listedDigest}  yt-dlp_linux`,
      `${sha256('zip')}  yt-dlp_linux.zip`,
      '',
    ].join('\n');
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      this.requests.push(request.url ?? '');
      if (request.url === '/download/yt-dlp_linux') return void response.end(this.binary);
      if (request.url === '/download/SHA2-256SUMS') return void response.end(this.sums);
      response.statusCode = 404;
      response.end();
    });
    await new Promise<void>((listening) => this.server?.listen(0, '127.0.0.1', listening));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/download`;
  }

  async stop(): Promise<void> {
    await new Promise((closed) => this.server?.close(closed));
  }
}

function versionIn(binary: string): string {
  return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
}

/** A URL on a port that was free a moment ago: nothing answers there. */
async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  await new Promise((closed) => server.close(closed));
  return `http://127.0.0.1:${port}/download`;
}

describe('the runner keeps the official yt-dlp build in the data dir', () => {
  const release = new FakeRelease();
  let releaseUrl: string;
  let install: YtdlpInstall;

  beforeAll(async () => {
    releaseUrl = await release.start();
  });
  afterAll(() => release.stop());
  beforeEach(() => {
    release.requests.length = 0;
    install = { releaseUrl, target: join(tempDir('ytdlp'), 'bin', 'yt-dlp') };
  });

  it('installs a build whose SHA-256 is the one listed for yt-dlp_linux, and downloads it only once', async () => {
    release.publish(fakeBuild('2099.01.01'));
    expect(await updateYtdlp(install)).toEqual({ outcome: 'installed', version: '2099.01.01' });
    expect(versionIn(install.target)).toBe('2099.01.01');
    expect(statSync(install.target).mode & 0o777).toBe(0o755);

    expect(await updateYtdlp(install)).toEqual({ outcome: 'current' });
    expect(release.requests.filter((url) => url.endsWith('/yt-dlp_linux'))).toHaveLength(1);

    release.publish(fakeBuild('2099.02.01'));
    expect(await updateYtdlp(install)).toEqual({ outcome: 'installed', version: '2099.02.01' });
    expect(versionIn(install.target)).toBe('2099.02.01');
  });

  it('keeps the previous build when the download does not match its checksum', async () => {
    release.publish(fakeBuild('2099.01.01'));
    await updateYtdlp(install);
    release.publish(fakeBuild('2099.03.01'), sha256('what the release really built'));
    const result = await updateYtdlp(install);
    expect(result).toEqual({ outcome: 'failed', reason: expect.stringMatching(/does not match SHA2-256SUMS/) });
    expect(versionIn(install.target)).toBe('2099.01.01');
    expect(readdirSync(join(install.target, '..'))).toEqual(['yt-dlp']);
  });

  it('keeps the previous build when the listed build does not run, or the list has no line for it', async () => {
    release.publish(fakeBuild('2099.01.01'));
    await updateYtdlp(install);
    release.publish('#!/bin/sh\nexit 3\n');
    expect(await updateYtdlp(install)).toEqual({ outcome: 'failed', reason: expect.stringMatching(/Command failed/) });
    release.sums = `${sha256(release.binary)}  yt-dlp_linux.zip\n`;
    expect(await updateYtdlp(install)).toEqual({
      outcome: 'failed',
      reason: 'SHA2-256SUMS has no line for yt-dlp_linux',
    });
    expect(versionIn(install.target)).toBe('2099.01.01');
    expect(readdirSync(join(install.target, '..'))).toEqual(['yt-dlp']);
  });

  it('keeps the previous build when the release server is unreachable, and says so at once', async () => {
    release.publish(fakeBuild('2099.01.01'));
    await updateYtdlp(install);
    const started = Date.now();
    const offline = { ...install, releaseUrl: await unreachableUrl() };
    expect(await updateYtdlp(offline)).toEqual({ outcome: 'failed', reason: expect.stringMatching(/ECONNREFUSED/) });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(versionIn(install.target)).toBe('2099.01.01');
  });

  it('logs a failed first update and leaves Debian’s yt-dlp to the downloader when it has no build yet', async () => {
    const lines: string[] = [];
    const updates = keepYtdlpCurrent(
      { YTDLP_PATH: undefined, YTDLP_AUTO_UPDATE: true },
      { ...install, releaseUrl: await unreachableUrl() },
      (line) => lines.push(line),
    );
    await updates?.first;
    updates?.stop();
    expect(lines).toEqual([
      expect.stringMatching(
        /^yt-dlp: update failed \(fetch failed: .*ECONNREFUSED.*\); the downloader runs Debian's \/usr\/bin\/yt-dlp$/,
      ),
    ]);
    expect(existsSync(install.target)).toBe(false);
  });

  it('checks again on its interval, one check at a time', async () => {
    release.publish(fakeBuild('2099.01.01'));
    const lines: string[] = [];
    const updates = keepYtdlpCurrent(
      { YTDLP_PATH: undefined, YTDLP_AUTO_UPDATE: true },
      install,
      (line) => lines.push(line),
      150,
    );
    await updates?.first;
    release.publish(fakeBuild('2099.04.01'));
    const deadline = Date.now() + 5000;
    while (lines.length < 2 && Date.now() < deadline) await new Promise((tick) => setTimeout(tick, 50));
    updates?.stop();
    expect(lines.slice(0, 2)).toEqual([
      `yt-dlp: installed 2099.01.01 as ${install.target} (the downloader runs it from its next job)`,
      `yt-dlp: installed 2099.04.01 as ${install.target} (the downloader runs it from its next job)`,
    ]);
    expect(versionIn(install.target)).toBe('2099.04.01');
  });

  it('asks nothing of the network when updates are off or a binary is pinned', async () => {
    release.publish(fakeBuild('2099.01.01'));
    const lines: string[] = [];
    expect(
      keepYtdlpCurrent({ YTDLP_PATH: undefined, YTDLP_AUTO_UPDATE: false }, install, (line) => lines.push(line)),
    ).toBeUndefined();
    expect(
      keepYtdlpCurrent({ YTDLP_PATH: '/opt/yt-dlp', YTDLP_AUTO_UPDATE: true }, install, (line) => lines.push(line)),
    ).toBeUndefined();
    await new Promise((settle) => setTimeout(settle, 300));
    expect(release.requests).toEqual([]);
    expect(existsSync(install.target)).toBe(false);
    expect(lines).toEqual([
      "yt-dlp: automatic updates off (YTDLP_AUTO_UPDATE=false); the downloader runs Debian's /usr/bin/yt-dlp",
      'yt-dlp: pinned to /opt/yt-dlp (YTDLP_PATH), no automatic updates',
    ]);
  });

  const asRoot = process.getuid?.() === 0 ? it : it.skip;
  asRoot('as root: the build is root’s, tried by the service user, runnable but not writable by it', async () => {
    const nobody = { uid: 65534, gid: 65534 };
    const dataDir = join(install.target, '../..');
    chmodSync(dataDir, 0o755);
    release.publish(fakeBuild('2099.05.01'));
    expect(await updateYtdlp({ ...install, owner: { uid: 0, gid: 0 }, tryAs: nobody })).toEqual({
      outcome: 'installed',
      version: '2099.05.01',
    });
    const binDir = statSync(join(install.target, '..'));
    expect([binDir.uid, binDir.mode & 0o777, statSync(install.target).uid]).toEqual([0, 0o755, 0]);
    const asNobody = (script: string) =>
      spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sh', '-c', script], {
        encoding: 'utf8',
      });
    expect(asNobody(`"${install.target}" --version`).stdout.trim()).toBe('2099.05.01');
    expect(asNobody(`echo 'echo swapped' > "${install.target}"`).status).not.toBe(0);
    expect(asNobody(`mv "${install.target}" "${install.target}.old"`).status).not.toBe(0);
  });
});

describe('expectedDigest', () => {
  it('reads sha256sum lines in text and binary mode, by exact file name', () => {
    const digest = 'a'.repeat(64);
    expect(expectedDigest(`${'b'.repeat(64)}  yt-dlp_linux_aarch64\n${digest} *yt-dlp_linux\n`, 'yt-dlp_linux')).toBe(
      digest,
    );
    expect(() => expectedDigest('<html>rate limited</html>', 'yt-dlp_linux')).toThrow(/no line for yt-dlp_linux/);
  });
});
