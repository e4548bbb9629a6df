import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type StationInfo, StationView } from '@h4k/testing/station';

/** Where global setup leaves the shared station's addresses for the specs. */
export const STATION_INFO_FILE = join(tmpdir(), `h4k-e2e-station-${process.ppid}-${process.pid}.json`);
export const STATION_INFO_ENV = 'H4K_E2E_STATION_INFO';

/** The one station every whole-stack spec shares (started once by global setup). */
export function sharedStation(): StationView {
  const file = process.env[STATION_INFO_ENV];
  if (!file) throw new Error('no shared station: run through the station-e2e jest config (global setup)');
  return new StationView(JSON.parse(readFileSync(file, 'utf8')) as StationInfo);
}
