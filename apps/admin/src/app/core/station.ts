/** Shown in the toolbar and in every page title. */
export const STATION_NAME = 'h4kstream';

/** Same-origin Opus stream (Caddy proxies `/radio` to the streaming server). */
export const STREAM_URL = '/radio';
