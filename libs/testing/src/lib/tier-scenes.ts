import { setTimeout as sleep } from 'node:timers/promises';

import type { Listener } from './listener-api';
import { startToneEncoder } from './media';
import type { OwnedProcess } from './processes';
import type { StationView } from './test-station';
import type { TierProbe } from './tier-probe';

/** Liquidsoap's 2 s fade, and a second more: the tier before is gone. */
const FADE_OUT_MS = 3000;

/** Waits until the tier that was on air before the last switch has faded out. */
export function fadedOut(): Promise<void> {
  return sleep(FADE_OUT_MS);
}

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
  await fadedOut();
  return id;
}

/**
 * Puts a DJ alone on air: an admin grants `userId` a livestream token (10 minutes), a real encoder
 * streams the live tone to the harbor with it, and this waits until `probe` hears the live tier for a
 * second and the tier before has faded out. Returns the encoder (the caller stops it).
 */
export async function djAlone(
  station: StationView,
  probe: TierProbe,
  userId: string,
  frequency: number,
): Promise<OwnedProcess> {
  const { token } = await station.admin<{ token: string }>('POST', '/admin/livestream/token', {
    user_id: userId,
    max_streaming_seconds: 600,
  });
  const since = Date.now();
  const encoder = startToneEncoder({ harborPort: station.ports.harbor, password: token, frequency });
  try {
    await probe.waitFor('live', 30_000, since);
    await fadedOut();
    return encoder;
  } catch (error) {
    await encoder.stop('SIGKILL');
    throw error;
  }
}
