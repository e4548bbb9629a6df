import type { GatewayEnv } from '@h4k/config';

export interface RadioMount {
  listeners: number;
}

/**
 * The /radio mount as Icecast's status page shows it, or undefined when nothing is mounted there.
 * Throws when Icecast does not answer. (The page lists one source as an object, several as an array.)
 */
export async function readRadioMount(
  env: Pick<GatewayEnv, 'ICECAST_HOST' | 'ICECAST_PORT'>,
  timeoutMs: number,
): Promise<RadioMount | undefined> {
  const response = await fetch(`http://${env.ICECAST_HOST}:${env.ICECAST_PORT}/status-json.xsl`, {
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = (await response.json()) as { icestats?: { source?: unknown } };
  const sources = [body.icestats?.source ?? []].flat() as { listenurl?: unknown; listeners?: unknown }[];
  const radio = sources.find((source) => typeof source.listenurl === 'string' && source.listenurl.endsWith('/radio'));
  if (!radio) return undefined;
  return { listeners: typeof radio.listeners === 'number' ? radio.listeners : 0 };
}
