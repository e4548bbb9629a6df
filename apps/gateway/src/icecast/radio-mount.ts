import type { GatewayEnv } from '@h4k/config';

import { readIcecastSources, streamPath } from './listeners';

export interface RadioMount {
  listeners: number;
}

/**
 * The /radio mount as Icecast's status page shows it, or undefined when nothing is mounted there.
 * Throws when Icecast does not answer.
 */
export async function readRadioMount(
  env: Pick<GatewayEnv, 'ICECAST_HOST' | 'ICECAST_PORT'>,
  timeoutMs: number,
): Promise<RadioMount | undefined> {
  const sources = await readIcecastSources(`http://${env.ICECAST_HOST}:${env.ICECAST_PORT}/status-json.xsl`, timeoutMs);
  const radio = sources.find((source) => streamPath(source) === '/radio');
  if (!radio) return undefined;
  return { listeners: typeof radio.listeners === 'number' ? radio.listeners : 0 };
}
