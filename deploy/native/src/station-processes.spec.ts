import { CADDY_GC } from '@h4k/config';

import { LIQUIDSOAP_GC, NODE_SERVICE_FLAGS, stationProcesses } from './station-processes';
import { testPlan } from './testing/process-plan';

const NEST_SERVICES = ['queue', 'downloader', 'livestream', 'gateway'];

describe('the processes of the station (footprint)', () => {
  it.each([undefined, 'h4kstream'])('runs each program itself, no shell or npx between (runAs %s)', (runAs) => {
    for (const process of stationProcesses(testPlan({}, runAs))) {
      const program =
        process.command === 'setpriv' ? process.args.find((arg) => !arg.startsWith('--')) : process.command;
      expect(`${process.name}: ${program ?? 'none'}`).not.toMatch(/: (\S*\/)?(sh|bash|npx|npm|none)$/);
    }
  });

  it.each([undefined, 'h4kstream'])(
    'gives every Nest service the heap flags, before its script (runAs %s)',
    (runAs) => {
      const services = stationProcesses(testPlan({}, runAs)).filter((process) => NEST_SERVICES.includes(process.name));
      expect(services).toHaveLength(4);
      for (const service of services) {
        const nodeArgs = service.args.slice(service.args.indexOf('/usr/bin/node') + 1);
        expect(nodeArgs).toEqual([...NODE_SERVICE_FLAGS, `/srv/h4kstream/dist/apps/${service.name}/main.js`]);
      }
    },
  );

  it("tunes only Liquidsoap's and Caddy's GC through their own environment", () => {
    const tuned = stationProcesses(testPlan()).filter((process) => process.env);
    expect(tuned.map((process) => [process.name, process.env])).toEqual([
      ['liquidsoap', { OCAMLRUNPARAM: LIQUIDSOAP_GC }],
      ['caddy', CADDY_GC],
    ]);
  });
});
