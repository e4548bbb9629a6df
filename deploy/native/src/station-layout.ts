import { resolve } from 'node:path';

import { dataDirs, ytdlpBuildPath } from '@h4k/config';

/** Where everything of one station lives: one data dir, configurable, default ./data. */
export interface StationLayout {
  repoRoot: string;
  dataDir: string;
  musicUser: string;
  musicFallback: string;
  mpdUserState: string;
  mpdFallbackState: string;
  redisDir: string;
  icecastDir: string;
  icecastLogDir: string;
  caddyDir: string;
  tmpDir: string;
  /** Recordings of live sets (Liquidsoap writes them, the gateway lists and deletes them). */
  recordingsDir: string;
  /** Files Caddy serves as they are, written by the services (now-playing.json). */
  publicDir: string;
  homeDir: string;
  logDir: string;
  runDir: string;
  pm2Home: string;
  secretsFile: string;
  /** The official yt-dlp build the runner keeps current (root's when the runner is root). */
  ytdlpBuild: string;
  adminDist: string;
}

/** What the station's processes write to: handed to the service user when the runner is root. */
export function serviceWritableDirs(layout: StationLayout): string[] {
  return [
    resolve(layout.dataDir, 'music'),
    resolve(layout.dataDir, 'mpd'),
    layout.redisDir,
    layout.icecastDir,
    layout.tmpDir,
    layout.recordingsDir,
    layout.publicDir,
    layout.homeDir,
  ];
}

export function stationLayout(repoRoot: string, dataDirSetting: string): StationLayout {
  const dataDir = resolve(repoRoot, dataDirSetting);
  return {
    repoRoot,
    dataDir,
    musicUser: dataDirs(dataDir).musicUser,
    musicFallback: dataDirs(dataDir).musicFallback,
    mpdUserState: resolve(dataDir, 'mpd/user'),
    mpdFallbackState: resolve(dataDir, 'mpd/fallback'),
    redisDir: resolve(dataDir, 'redis'),
    icecastDir: resolve(dataDir, 'icecast'),
    icecastLogDir: resolve(dataDir, 'icecast/log'),
    caddyDir: resolve(dataDir, 'caddy'),
    tmpDir: dataDirs(dataDir).tmp,
    recordingsDir: resolve(dataDir, 'recordings'),
    publicDir: resolve(dataDir, 'public'),
    homeDir: resolve(dataDir, 'home'),
    logDir: resolve(dataDir, 'logs'),
    runDir: resolve(dataDir, 'run'),
    pm2Home: resolve(dataDir, 'pm2'),
    secretsFile: resolve(dataDir, 'secrets.env'),
    ytdlpBuild: ytdlpBuildPath({ H4K_DATA_DIR: dataDir }),
    adminDist: resolve(repoRoot, 'dist/apps/admin/browser'),
  };
}
