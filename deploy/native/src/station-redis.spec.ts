import { eventually, freePort, startProcess, tempDir } from '@h4k/testing';

import { LIQUIDSOAP_GC, stationProcesses } from './station-processes';
import { testPlan } from './testing/process-plan';

describe('the runner and Redis', () => {
  it('starts its own Redis when no REDIS_URL is set, and hands no URL to anyone', () => {
    const processes = stationProcesses(testPlan());
    expect(processes.map((process) => process.name)).toContain('redis');
    expect(processes.filter((process) => process.env?.['REDIS_URL'] !== undefined)).toEqual([]);
  });

  it('with REDIS_URL (a managed Redis) starts none and gives the URL to the Nest services only', () => {
    const url = 'rediss://default:managed-secret@cache.example.com:6380/2';
    const processes = stationProcesses(testPlan({ REDIS_URL: url }));
    expect(processes.map((process) => process.name)).not.toContain('redis');
    const withUrl = processes.filter((process) => process.env?.['REDIS_URL'] === url).map((process) => process.name);
    expect(withUrl.sort()).toEqual(['downloader', 'gateway', 'livestream', 'queue']);
    // Liquidsoap keeps its own runtime setting, and nothing else of the service's.
    expect(processes.find((process) => process.name === 'liquidsoap')?.env).toEqual({ OCAMLRUNPARAM: LIQUIDSOAP_GC });
  });

  it("checks its own Redis's health with the services' connection settings (password included)", async () => {
    const port = await freePort();
    const redis = startProcess('redis-server', [
      ...['--port', String(port), '--bind', '127.0.0.1', '--requirepass', 'runner-redis-password'],
      ...['--dir', tempDir('runner-redis'), '--save', '', '--appendonly', 'no'],
    ]);
    try {
      await eventually('redis up', () => redis.log.includes('Ready to accept connections'), 10_000);
      const healthy = (password: string) =>
        stationProcesses(testPlan({ REDIS_PORT: String(port), REDIS_PASSWORD: password }))
          .find((process) => process.name === 'redis')
          ?.healthy();
      expect(await healthy('runner-redis-password')).toBe(true);
      expect(await healthy('wrong-password')).toBe(false);
    } finally {
      await redis.stop();
    }
  });
});
