import { dataDirs, type QueueEnv, STATION_ENV } from '@h4k/config';
import type { FactoryProvider } from '@nestjs/common';

/** The fallback MPD's music_directory (see mpd/fallback.conf.tmpl): the library the downloader fills. */
export const FALLBACK_MUSIC_DIR = Symbol('FALLBACK_MUSIC_DIR');

export const fallbackMusicDirProvider: FactoryProvider<string> = {
  provide: FALLBACK_MUSIC_DIR,
  inject: [STATION_ENV],
  useFactory: (env: QueueEnv) => dataDirs(env.H4K_DATA_DIR).musicFallback,
};
