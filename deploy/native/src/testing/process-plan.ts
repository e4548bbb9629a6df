import { loadStationEnv } from '@h4k/config';

import { stationLayout } from '../station-layout';
import type { ProcessPlan } from '../station-processes';

/** The runner's plan for a station in /srv/h4kstream, as the specs check it: `settings` as in the environment. */
export function testPlan(settings: Record<string, string> = {}, runAs?: string): ProcessPlan {
  return {
    env: loadStationEnv(settings),
    layout: stationLayout('/srv/h4kstream', '/srv/h4kstream/data'),
    configs: {
      mpdUser: 'mpd-user.conf',
      mpdFallback: 'mpd-fallback.conf',
      icecast: 'icecast.xml',
      redis: 'redis.conf',
    },
    runAs,
    standbyPassword: 'standby',
    nodeBinary: '/usr/bin/node',
  };
}
