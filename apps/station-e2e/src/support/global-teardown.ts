import './register-paths';

import { rmSync } from 'node:fs';

import type { MediaServer, TestStation } from '@h4k/testing/station';

import { STATION_INFO_FILE } from './shared-station';

/** Ctrl-C, as a user would: the runner must exit 0 and leave nothing listening. */
export default async function globalTeardown(): Promise<void> {
  const { h4kStation: station, h4kMedia: media } = globalThis as { h4kStation?: TestStation; h4kMedia?: MediaServer };
  rmSync(STATION_INFO_FILE, { force: true });
  const exitCode = await station?.stop();
  if (media) {
    await media.stop();
    rmSync(media.dir, { recursive: true, force: true });
  }
  if (!station) return;
  const stillUp: string[] = [];
  for (const [name, url] of [
    ['caddy', station.url('/')],
    ['gateway', station.gatewayUrl('/health')],
    ['icecast', station.icecastUrl('/status-json.xsl')],
  ] as const) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      stillUp.push(name);
    } catch {
      // refused: stopped, as it should be
    }
  }
  if (exitCode !== 0 || stillUp.length > 0) {
    throw new Error(`station did not stop cleanly: exit ${exitCode}, still answering: ${stillUp.join(', ') || 'none'}`);
  }
  process.stdout.write('shared station stopped cleanly (exit 0, ports closed)\n');
}
