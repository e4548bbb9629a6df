import { loadStationEnv } from '@h4k/config';
import { stationLayout } from './station-layout';
import { LIQUIDSOAP_GC, NODE_SERVICE_FLAGS, stationProcesses, type ProcessPlan } from './station-processes';

function plan(runAs: string | undefined): ProcessPlan {
  return {
    env: loadStationEnv({}),
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

const NEST_SERVICES = ['queue', 'downloader', 'livestream', 'gateway'];

describe('the processes of the station (footprint)', () => {
  it.each([undefined, 'h4kstream'])('runs each program itself, no shell or npx between (runAs %s)', (runAs) => {
    for (const process of stationProcesses(plan(runAs))) {
      const program =
        process.command === 'setpriv' ? process.args.find((arg) => !arg.startsWith('--')) : process.command;
      expect(`${process.name}: ${program ?? 'none'}`).not.toMatch(/: (\S*\/)?(sh|bash|npx|npm|none)$/);
    }
  });

  it.each([undefined, 'h4kstream'])(
    'gives every Nest service the heap flags, before its script (runAs %s)',
    (runAs) => {
      const services = stationProcesses(plan(runAs)).filter((process) => NEST_SERVICES.includes(process.name));
      expect(services).toHaveLength(4);
      for (const service of services) {
        const nodeArgs = service.args.slice(service.args.indexOf('/usr/bin/node') + 1);
        expect(nodeArgs).toEqual([...NODE_SERVICE_FLAGS, `/srv/h4kstream/dist/apps/${service.name}/main.js`]);
      }
    },
  );

  it('tunes only Liquidsoap GC through its own environment', () => {
    const tuned = stationProcesses(plan(undefined)).filter((process) => process.env?.['OCAMLRUNPARAM']);
    expect(tuned.map((process) => [process.name, process.env?.['OCAMLRUNPARAM']])).toEqual([
      ['liquidsoap', LIQUIDSOAP_GC],
    ]);
  });
});
