import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { eventually } from '@h4k/testing';

import { sharedStation } from './support/shared-station';

const NEST_SERVICES = ['gateway', 'queue', 'downloader', 'livestream'] as const;

/** What the runner leaves in the data dir for months of running: JSON service logs, a rotation it can run. */
describe('logs of the whole station', () => {
  const station = sharedStation();

  it('has every Nest service write one JSON object a line: level, ISO time, its name, no colours', () => {
    for (const service of NEST_SERVICES) {
      const text = station.logOf(service);
      expect(text).not.toContain('\u001b[');
      const lines = text.split('\n').filter((line) => line.length > 0);
      expect(lines.length).toBeGreaterThan(3);
      for (const line of lines) {
        expect(JSON.parse(line)).toEqual(
          expect.objectContaining({
            level: expect.stringMatching(/^(trace|debug|info|warn|error|fatal)$/),
            time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
            service,
          }),
        );
      }
    }
  });

  it('logs a request that came through Caddy without its token', async () => {
    const secret = 'e2e-not-a-real-listener-token-0123456789';
    const response = await fetch(station.url(`/api/queue/events?token=${secret}`), {
      headers: { Authorization: `Bearer ${station.adminToken}` },
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel();
    await eventually('the request line in gateway.log', () =>
      station.logOf('gateway').includes('"url":"/queue/events?token=[redacted]"'),
    );
    expect(station.logOf('gateway')).not.toContain(secret);
    expect(station.logOf('gateway')).not.toContain(station.adminToken);
  });

  it('has a logrotate config for every supervised log that logrotate itself accepts on this station', () => {
    const config = readFileSync(join(station.dataDir, 'run/logrotate.conf'), 'utf8');
    expect(config).toContain(`"${join(station.dataDir, 'logs')}/*.log" {`);
    expect(config).toContain(`"${join(station.dataDir, 'icecast/log')}/*.log" {`);
    expect(config).toMatch(/size 10485760\n\s+rotate 5\n\s+copytruncate/);
    // Root runs the runner here: logrotate acts as the service user in Icecast's log dir.
    expect(config).toMatch(/icecast\/log\/\*\.log" \{\n\s+su h4kstream h4kstream/);
    // --debug: reads the config and every matching file as a real run would, changes nothing.
    const run = spawnSync(
      'logrotate',
      ['--debug', '--state', '/dev/null', join(station.dataDir, 'run/logrotate.conf')],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(0);
    // It reports on stderr.
    const said = `${run.stdout}${run.stderr}`;
    expect(said).toMatch(/considering log .*\/logs\/gateway\.log/);
    expect(said).toMatch(/considering log .*\/icecast\/log\/access\.log/);
    expect(said).not.toMatch(/error:/);
  });

  it('reports the free disk space of the music and temp dirs on /health', async () => {
    const response = await fetch(station.gatewayUrl('/health'), {
      headers: { Authorization: `Bearer ${station.adminToken}` },
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { details: Record<string, unknown> };
    expect(body.details['disk']).toEqual({
      status: 'up',
      detail: expect.stringMatching(/^music dir \d+ MB free, temp dir \d+ MB free$/),
      free_mb: { music: expect.any(Number), temp: expect.any(Number) },
      min_free_mb: 512,
    });
  });
});
