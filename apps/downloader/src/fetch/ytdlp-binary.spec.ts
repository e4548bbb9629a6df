import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { type DownloaderEnv, loadDownloaderEnv, ytdlpBuildPath } from '@h4k/config';
import { tempDir } from '@h4k/testing';

import { YtDlp } from './yt-dlp';
import { describeYtdlp, YtdlpBinaries } from './ytdlp-binary';

jest.setTimeout(30_000);

/**
 * A stand-in yt-dlp: prints its version, lists `--js-runtimes` in its help when it is new enough,
 * records the arguments of any other call and answers it like `--dump-single-json` would.
 */
function writeFakeYtdlp(path: string, version: string, knowsJsRuntimes: boolean): string {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.new`;
  writeFileSync(
    temp,
    [
      '#!/bin/sh',
      `if [ "$2" = --version ]; then echo ${version}; exit 0; fi`,
      `if [ "$2" = --help ]; then echo "  --no-config  Do not load any more configuration files";` +
        ` ${knowsJsRuntimes ? 'echo "  --js-runtimes RUNTIME[:PATH]  Additional JavaScript runtime to enable";' : ''} exit 0; fi`,
      `printf '%s\\n' "$@" > "${path}.args"`,
      `echo '{"title": "Fake song", "duration": 42}'`,
      '',
    ].join('\n'),
  );
  chmodSync(temp, 0o755);
  renameSync(temp, path); // as the runner installs it: a new file over the old
  return path;
}

function stationEnv(settings: Record<string, string> = {}): DownloaderEnv {
  return loadDownloaderEnv({ H4K_DATA_DIR: tempDir('ytdlp-binary'), ...settings });
}

async function argumentsOfProbe(env: DownloaderEnv, binary: string): Promise<string[]> {
  const ytdlp = new YtDlp(env, new YtdlpBinaries(env));
  const info = await ytdlp.probe('https://example.org/song', 'http://127.0.0.1:9', new AbortController().signal);
  expect(info.title).toBe('Fake song');
  return readFileSync(`${binary}.args`, 'utf8').trim().split('\n');
}

describe('the yt-dlp the downloader runs', () => {
  it('is Debian’s while the data dir has no build: its 2023 release, without --js-runtimes', async () => {
    const binary = await new YtdlpBinaries(stationEnv()).current();
    expect(binary).toEqual({
      path: '/usr/bin/yt-dlp',
      source: 'debian',
      version: expect.stringMatching(/^2023\.\d{2}\.\d{2}/),
      jsRuntimes: false,
    });
    expect(describeYtdlp(binary)).toBe(`${binary.version} (Debian package, /usr/bin/yt-dlp)`);
  });

  it('is the runner’s data-dir build once there, and the new one as soon as the runner replaces it', async () => {
    const env = stationEnv();
    const binaries = new YtdlpBinaries(env);
    expect((await binaries.current()).source).toBe('debian');
    const build = writeFakeYtdlp(ytdlpBuildPath(env), '2025.11.12', true);
    expect(await binaries.current()).toEqual({
      path: build,
      source: 'data-dir',
      version: '2025.11.12',
      jsRuntimes: true,
    });
    writeFakeYtdlp(build, '2026.01.02', true);
    expect((await binaries.current()).version).toBe('2026.01.02');
    rmSync(build);
    expect((await binaries.current()).source).toBe('debian');
  });

  it('is the pinned YTDLP_PATH even when the data dir has a build', async () => {
    const pinned = writeFakeYtdlp(join(tempDir('pinned'), 'yt-dlp'), '2024.01.01', false);
    const env = stationEnv({ YTDLP_PATH: pinned });
    writeFakeYtdlp(ytdlpBuildPath(env), '2025.11.12', true);
    const binary = await new YtdlpBinaries(env).current();
    expect(binary).toEqual({ path: pinned, source: 'pinned', version: '2024.01.01', jsRuntimes: false });
    expect(describeYtdlp(binary)).toBe(`2024.01.01 (pinned by YTDLP_PATH, ${pinned})`);
  });

  it('gets this Node as its JavaScript runtime only when it knows --js-runtimes', async () => {
    const env = stationEnv();
    const build = writeFakeYtdlp(ytdlpBuildPath(env), '2025.11.12', true);
    const current = await argumentsOfProbe(env, build);
    expect(current).toEqual(expect.arrayContaining(['--no-config', '--js-runtimes', `node:${process.execPath}`]));
    expect(current.slice(-2)).toEqual(['--', 'https://example.org/song']);

    const old = writeFakeYtdlp(join(tempDir('old'), 'yt-dlp'), '2023.03.04', false);
    const before = await argumentsOfProbe(stationEnv({ YTDLP_PATH: old }), old);
    expect(before).toEqual(expect.arrayContaining(['--no-config', '--dump-single-json']));
    expect(before.join(' ')).not.toMatch(/js-runtimes/);
  });
});
