import { setTimeout as sleep } from 'node:timers/promises';

import type { Listener } from './listener-api';
import type { StationView } from './test-station';
import type { TierProbe } from './tier-probe';

/** Liquidsoap's 2 s fade, and a second more: the tier before is gone. */
const FADE_OUT_MS = 3000;

/**
 * Puts a listener's song (a file of the user tier's tone) alone on air: resumes and clears the
 * user queue, uploads it, waits until `probe` hears the user tier for a second and the tier before
 * has faded out. Returns the song's id.
 */
export async function userSongAlone(
  station: StationView,
  listener: Listener,
  probe: TierProbe,
  path: string,
): Promise<string> {
  await station.admin('POST', '/admin/resume?playlist=user');
  await station.admin('POST', '/admin/queue/clear?playlist=user');
  const since = Date.now();
  const upload = await listener.upload(path);
  if (upload.status !== 202) throw new Error(`upload: ${upload.status} ${await upload.text()}`);
  const { id } = (await upload.json()) as { id: string };
  await probe.waitFor('user', 60_000, since);
  await sleep(FADE_OUT_MS);
  return id;
}
