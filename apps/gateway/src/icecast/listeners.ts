import type { GatewayEnv } from '@h4k/config';

/** One source on an Icecast status page. */
export interface IcecastSource {
  listenurl?: unknown;
  listeners?: unknown;
}

/** Both formats, and the standby mounts Icecast moves their listeners to while Liquidsoap restarts. */
const STATION_STREAMS = ['/radio', '/radio.mp3', '/standby', '/standby.mp3'];

/** The sources of an Icecast 2.4 status page (`status-json.xsl`: one source is an object, several an array). */
export async function readIcecastSources(statusUrl: string, timeoutMs: number): Promise<IcecastSource[]> {
  const response = await fetch(statusUrl, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = (await response.json()) as { icestats?: { source?: unknown } };
  return [body.icestats?.source ?? []].flat() as IcecastSource[];
}

export function streamPath(source: IcecastSource): string | undefined {
  if (typeof source.listenurl !== 'string') return undefined;
  try {
    return new URL(source.listenurl).pathname;
  } catch {
    return undefined;
  }
}

/**
 * Everyone listening to the station: its streams on this Icecast, plus each relay's (RELAY_STATUS_URLS), less
 * the relays' own pulls, which this Icecast counts as one listener per stream relayed. A relay that does not
 * answer adds nothing (its pulls then stay counted). Throws when this Icecast does not answer.
 */
export async function stationListeners(
  env: Pick<GatewayEnv, 'ICECAST_HOST' | 'ICECAST_PORT' | 'RELAY_STATUS_URLS'>,
  timeoutMs: number,
): Promise<number> {
  const [own, ...relays] = await Promise.all([
    readIcecastSources(`http://${env.ICECAST_HOST}:${env.ICECAST_PORT}/status-json.xsl`, timeoutMs),
    ...env.RELAY_STATUS_URLS.map((url) => readIcecastSources(url, timeoutMs).catch(() => [])),
  ]);
  const streams = (sources: IcecastSource[]) =>
    sources.filter((source) => STATION_STREAMS.includes(streamPath(source) ?? ''));
  const listenersOf = (sources: IcecastSource[]) =>
    sources.reduce((sum, source) => sum + (typeof source.listeners === 'number' ? source.listeners : 0), 0);
  const relayed = relays.reduce((sum, sources) => sum + listenersOf(streams(sources)) - streams(sources).length, 0);
  return Math.max(0, listenersOf(streams(own ?? [])) + relayed);
}
