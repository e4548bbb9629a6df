import './register-paths';
import { writeFileSync } from 'node:fs';
import { STATION_INFO_ENV, STATION_INFO_FILE } from './shared-station';
import { TestStation } from './test-station';

/** Starts one real station for every whole-stack spec, with the runner `npm start` uses. */
export default async function globalSetup(): Promise<void> {
  const station = await TestStation.start();
  process.stdout.write(
    `\nshared station on air after ${station.startSeconds.toFixed(1)} s (data ${station.dataDir})\n`,
  );
  writeFileSync(STATION_INFO_FILE, JSON.stringify(station.info()));
  process.env[STATION_INFO_ENV] = STATION_INFO_FILE;
  (globalThis as { h4kStation?: TestStation }).h4kStation = station;
}
