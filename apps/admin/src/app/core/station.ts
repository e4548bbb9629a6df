/** Shown in the toolbar and in every page title. */
export const STATION_NAME = 'h4kstream';

/** Same-origin Opus stream (Caddy proxies `/radio` to the streaming server). */
export const STREAM_URL = '/radio';

/** Liquidsoap's harbor defaults, shown until `GET /livestream/harbor` says where the station publishes it. */
export const HARBOR = { port: 8003, mount: '/live', user: 'source' } as const;
