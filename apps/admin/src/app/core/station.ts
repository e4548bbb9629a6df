/** Shown in the toolbar and in every page title. */
export const STATION_NAME = 'h4kstream';

/** Same-origin Opus stream (Caddy proxies `/radio` to the streaming server). */
export const STREAM_URL = '/radio';

/** The same audio as MP3, for browsers that cannot play Ogg/Opus (older Safari and iOS). */
export const MP3_STREAM_URL = '/radio.mp3';

/** Opus where the browser plays it (better sound per bit, the main mount), MP3 otherwise. */
export function streamUrlFor(audio: Pick<HTMLMediaElement, 'canPlayType'>): string {
  return audio.canPlayType('audio/ogg; codecs=opus') === '' ? MP3_STREAM_URL : STREAM_URL;
}

/** Liquidsoap's harbor defaults, shown until `GET /livestream/harbor` says where the station publishes it. */
export const HARBOR = { port: 8003, mount: '/live', user: 'source' } as const;
