import { resolve } from 'node:path';

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
  logDir: string;
  runDir: string;
  pm2Home: string;
  secretsFile: string;
  adminDist: string;
}

export function stationLayout(repoRoot: string, dataDirSetting: string): StationLayout {
  const dataDir = resolve(repoRoot, dataDirSetting);
  return {
    repoRoot,
    dataDir,
    musicUser: resolve(dataDir, 'music/user'),
    musicFallback: resolve(dataDir, 'music/fallback'),
    mpdUserState: resolve(dataDir, 'mpd/user'),
    mpdFallbackState: resolve(dataDir, 'mpd/fallback'),
    redisDir: resolve(dataDir, 'redis'),
    icecastDir: resolve(dataDir, 'icecast'),
    icecastLogDir: resolve(dataDir, 'icecast/log'),
    caddyDir: resolve(dataDir, 'caddy'),
    logDir: resolve(dataDir, 'logs'),
    runDir: resolve(dataDir, 'run'),
    pm2Home: resolve(dataDir, 'pm2'),
    secretsFile: resolve(dataDir, 'secrets.env'),
    adminDist: resolve(repoRoot, 'dist/apps/admin/browser'),
  };
}
