import { dataDirs, type QueueEnv, STATION_ENV } from '@h4k/config';
import type { FactoryProvider } from '@nestjs/common';

/** The user MPD's music_directory (see mpd/user.conf.tmpl); the queue service deletes played songs there. */
export const USER_MUSIC_DIR = Symbol('USER_MUSIC_DIR');

export const userMusicDirProvider: FactoryProvider<string> = {
  provide: USER_MUSIC_DIR,
  inject: [STATION_ENV],
  useFactory: (env: QueueEnv) => dataDirs(env.H4K_DATA_DIR).musicUser,
};
