import './register-paths';

import { writeFileSync } from 'node:fs';

import { MediaServer, TestStation } from '@h4k/testing/station';

import { STATION_INFO_ENV, STATION_INFO_FILE } from './shared-station';

interface E2eGlobals {
  h4kStation?: TestStation;
  h4kMedia?: MediaServer;
}

/** Starts one real station for every whole-stack spec, with the runner `npm start` uses, and its stand-in internet. */
export default async function globalSetup(): Promise<void> {
  const globals = globalThis as E2eGlobals;
  const media = await MediaServer.start();
  globals.h4kMedia = media;
  const station = await TestStation.start(media).catch(async (error: unknown) => {
    await media.stop();
    throw error;
  });
  process.stdout.write(
    `\nshared station on air after ${station.startSeconds.toFixed(1)} s (data ${station.dataDir}, media ${media.url})\n`,
  );
  writeFileSync(STATION_INFO_FILE, JSON.stringify(station.info()));
  process.env[STATION_INFO_ENV] = STATION_INFO_FILE;
  globals.h4kStation = station;
}
