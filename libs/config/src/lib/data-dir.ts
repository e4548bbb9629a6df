import { resolve } from 'node:path';

/**
 * Where each kind of file lives under the data dir (H4K_DATA_DIR): the one written layout the
 * runner, the queue, the downloader and the gateway all read (ARCHITECTURE.md, "Files").
 */
export function dataDirs(dataDir: string) {
  const root = resolve(dataDir);
  return {
    root,
    /** Both MPDs' music, on one file system (the gateway watches its free space). */
    music: resolve(root, 'music'),
    /** Listeners' songs: the downloader writes, the queue removes after play. */
    musicUser: resolve(root, 'music/user'),
    /** The admin's playlist. */
    musicFallback: resolve(root, 'music/fallback'),
    /** Work in progress: the downloader's downloads and the gateway's uploads (contracts' DOWNLOAD_UPLOADS_SUBDIR). */
    tmp: resolve(root, 'tmp'),
  };
}
export type DataDirs = ReturnType<typeof dataDirs>;
