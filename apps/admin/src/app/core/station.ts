/** Shown in the toolbar and in every page title. */
export const STATION_NAME = 'h4kstream';

/** Same-origin Opus stream (Caddy proxies `/radio` to the streaming server). */
export const STREAM_URL = '/radio';

/** Liquidsoap's harbor, where live DJs connect their encoder (published on the station's host). */
export const HARBOR = { port: 8003, mount: '/live', user: 'source' } as const;
