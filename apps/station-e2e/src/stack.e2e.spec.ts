import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';

import {
  DeadAirDetector,
  decodeStream,
  type DecodeWindow,
  eventually,
  probeStream,
  ToneMonitor,
  type ToneSample,
} from '@h4k/testing';
import { STATION_PROCESSES, type StationView } from '@h4k/testing/station';

import { checkPanel } from './support/panel-check';
import { sharedStation } from './support/shared-station';

interface HealthReport {
  status: string;
  details: Record<string, { status: string; detail?: string }>;
}

async function health(station: StationView): Promise<{ status: number; body: HealthReport }> {
  const response = await fetch(station.gatewayUrl('/health'), {
    signal: AbortSignal.timeout(10_000),
  });
  return {
    status: response.status,
    body: (await response.json()) as HealthReport,
  };
}

/** Starter tracks are tones of 330/440/550 Hz; noise has a far higher zero-crossing rate. */
function toneOf(window: DecodeWindow): number | 'noise' | 'silence' {
  if (window.rmsDb < -50) return 'silence';
  if (window.frequency > 1500) return 'noise';
  return Math.round(window.frequency / 110) * 110;
}

function trackChanges(windows: DecodeWindow[]): number {
  const tones = windows.map(toneOf).filter((tone) => tone !== 'silence');
  let changes = 0;
  for (let index = 1; index < tones.length; index++) if (tones[index] !== tones[index - 1]) changes++;
  return changes;
}

describe('the whole station, started by the native runner', () => {
  const station = sharedStation();

  it('serves Opus 48 kHz stereo on Icecast /radio', async () => {
    const probe = await probeStream(station.icecastUrl('/radio'));
    expect(probe).toEqual({ codec: 'opus', sampleRate: 48000, channels: 2 });
  });

  it('keeps decoding /radio through Caddy for 60 s across track changes, never silent', async () => {
    const result = await decodeStream(station.url('/radio'), 66);
    expect(result.stderr).not.toMatch(/Invalid data|Error/i);
    expect(result.exitCode).toBe(0);
    expect(result.decodedSeconds).toBeGreaterThanOrEqual(65);
    const levels = result.windows.map((window) => window.rmsDb).sort((a, b) => a - b);
    expect(levels[Math.floor(levels.length / 2)]).toBeGreaterThan(-30);
    expect(trackChanges(result.windows)).toBeGreaterThanOrEqual(2);
    // The fallback tier plays the starter tones, not noise.
    const tones = result.windows.map(toneOf);
    expect(tones.filter((tone) => typeof tone === 'number').length).toBeGreaterThan(tones.length * 0.7);
  }, 150_000);

  it('reports every dependency up on /health', async () => {
    const { status, body } = await health(station);
    expect(body.details).toEqual(
      expect.objectContaining({
        redis: expect.objectContaining({ status: 'up' }),
        queue: expect.objectContaining({ status: 'up' }),
        downloader: expect.objectContaining({ status: 'up' }),
        livestream: expect.objectContaining({ status: 'up' }),
        'mpd-user': expect.objectContaining({ status: 'up' }),
        'mpd-fallback': expect.objectContaining({ status: 'up' }),
        liquidsoap: expect.objectContaining({ status: 'up' }),
        icecast: expect.objectContaining({ status: 'up' }),
      }),
    );
    expect(status).toBe(200);
  });

  it('runs Debian’s yt-dlp while the release server is unreachable, and tells the admin so on /health', async () => {
    const response = await fetch(station.gatewayUrl('/health'), {
      headers: { Authorization: `Bearer ${station.adminToken}` },
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as HealthReport;
    expect(body.details['yt-dlp']).toEqual({
      status: 'up',
      detail: expect.stringMatching(/^2023\.\d{2}\.\d{2}\S* \(Debian package, \/usr\/bin\/yt-dlp\)$/),
    });
    expect(existsSync(join(station.dataDir, 'bin', 'yt-dlp'))).toBe(false);
  });

  it('reports a stopped dependency down, then up again when it resumes', async () => {
    const pid = station.pidOf('livestream');
    process.kill(pid, 'SIGSTOP');
    try {
      const { status, body } = await health(station);
      expect(status).toBe(503);
      expect(body.details['livestream']?.status).toBe('down');
      expect(body.details['liquidsoap']?.status).toBe('down');
      expect(body.details['queue']?.status).toBe('up');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await eventually('livestream back up', async () => (await health(station)).status === 200, 20_000);
  });

  // CI runs as root: that is where least privilege matters (a normal user runs everything as itself).
  (process.getuid?.() === 0 ? it : it.skip)(
    'runs from a 0700 directory as root, every process but Caddy as the h4kstream user, secrets 0600 and only where used',
    () => {
      const privateDir = dirname(station.dataDir);
      // Nothing for others; the group bits now show the ACL mask (x for h4kstream only).
      expect(statSync(privateDir).mode & 0o707).toBe(0o700);
      const serviceUid = Number(execFileSync('id', ['-u', 'h4kstream'], { encoding: 'utf8' }).trim());
      expect(serviceUid).toBeGreaterThan(0);
      const uidOf = (name: string) =>
        Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${station.pidOf(name)}/status`, 'utf8'))?.[1]);
      for (const name of STATION_PROCESSES.filter((process) => process !== 'caddy')) {
        expect({ name, uid: uidOf(name) }).toEqual({ name, uid: serviceUid });
      }
      expect(uidOf('caddy')).toBe(0);
      for (const file of ['secrets.env', 'run/icecast.xml', 'run/mpd-user.conf', 'run/mpd-fallback.conf']) {
        expect({ file, mode: statSync(join(station.dataDir, file)).mode & 0o777 }).toEqual({ file, mode: 0o600 });
      }
      expect(statSync(join(station.dataDir, 'secrets.env')).uid).toBe(0);
      // Each process gets only the secrets it uses: the downloader (hostile media) holds no token secret.
      const secretsIn = (name: string) =>
        readFileSync(`/proc/${station.pidOf(name)}/environ`, 'utf8')
          .split('\0')
          .map((entry) => entry.split('=')[0] ?? '')
          .filter((variable) => /TOKEN|SECRET|PASSWORD/.test(variable))
          .sort();
      expect(secretsIn('downloader')).toEqual(['REDIS_PASSWORD']);
      expect(secretsIn('queue')).toEqual(['REDIS_PASSWORD']);
      expect(secretsIn('livestream')).toEqual(['REDIS_PASSWORD']);
      expect(secretsIn('gateway')).toEqual(['ADMIN_API_TOKEN', 'JWT_SECRET', 'LIQUIDSOAP_TOKEN', 'REDIS_PASSWORD']);
      expect(secretsIn('liquidsoap')).toEqual(['ICECAST_SOURCE_PASSWORD', 'LIQUIDSOAP_TOKEN']);
      for (const name of ['redis', 'mpd-user', 'mpd-fallback', 'icecast', 'standby', 'caddy']) {
        expect({ name, secrets: secretsIn(name) }).toEqual({ name, secrets: [] });
      }
      // The service user cannot read the secrets nor list the private directory it passes through.
      const asService = (...command: string[]) =>
        spawnSync('setpriv', ['--reuid=h4kstream', '--regid=h4kstream', '--init-groups', ...command], {
          encoding: 'utf8',
        });
      expect(asService('cat', join(station.dataDir, 'secrets.env')).status).not.toBe(0);
      expect(asService('ls', privateDir).status).not.toBe(0);
      expect(asService('ls', join(station.dataDir, 'music/fallback')).status).toBe(0);
    },
  );

  it('sends security headers with the panel, the API and the docs through Caddy', async () => {
    const headersOf = async (path: string) =>
      (await fetch(station.url(path), { signal: AbortSignal.timeout(5000) })).headers;
    for (const path of ['/', '/live', '/api/now-playing']) {
      const headers = await headersOf(path);
      const csp = headers.get('content-security-policy') ?? '';
      expect({
        path,
        scripts: /script-src 'self'(;|$)/.test(csp),
        frames: csp.includes("frame-ancestors 'none'"),
      }).toEqual({
        path,
        scripts: true,
        frames: true,
      });
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(headers.get('server')).toBeNull();
    }
    // Swagger UI boots from an inline script: its own policy allows that, nothing else does.
    expect((await headersOf('/api/docs')).get('content-security-policy')).toContain(
      "script-src 'self' 'unsafe-inline'",
    );
  });

  it('serves the panel compressed, hashed files cached for good and the page itself revalidated', async () => {
    const index = await fetch(station.url('/'));
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const script = /src="(main-[A-Z0-9]{8}\.js)"/.exec(await index.text())?.[1];
    expect(script).toBeDefined();
    // fetch decodes by itself and hides Content-Encoding: ask over plain HTTP.
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) =>
      httpGet(station.url(`/${script}`), { headers: { 'Accept-Encoding': 'gzip' } }, (response) => {
        response.resume();
        resolve(response.headers);
      }).on('error', reject),
    );
    expect(headers['content-encoding']).toBe('gzip');
    expect(headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('keeps Redis behind its password', async () => {
    const ask = (lines: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(station.ports.redis, '127.0.0.1', () => socket.write(lines));
        let answer = '';
        socket.on('data', (chunk) => {
          answer += chunk.toString();
          if (/PONG|-\w+ .*\r\n/.test(answer)) socket.end();
        });
        socket.on('close', () => resolve(answer));
        socket.on('error', reject);
        socket.setTimeout(3000, () => socket.destroy());
      });
    expect(await ask('PING\r\n')).toMatch(/^-NOAUTH/);
    expect(await ask('AUTH wrong-password\r\nPING\r\n')).toMatch(/^-WRONGPASS/);
    expect(await ask(`AUTH ${station.redisPassword}\r\nPING\r\n`)).toBe('+OK\r\n+PONG\r\n');
  });

  it('keeps listeners connected through a kill -9 of Liquidsoap (standby mounts), audio again within 5 s', async () => {
    const throughCaddy = new DeadAirDetector(station.url('/radio'));
    const direct = new DeadAirDetector(station.icecastUrl('/radio'));
    // The players that cannot play Opus listen to /radio.mp3: /standby.mp3 keeps them too.
    const mp3 = new DeadAirDetector(station.url('/radio.mp3'));
    try {
      await throughCaddy.waitForAudio(3000, 20_000);
      await direct.waitForAudio(3000, 20_000);
      await mp3.waitForAudio(3000, 20_000);
      const pid = station.pidOf('liquidsoap');
      const killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
      // Heard again on the same connections: standby noise at once, then the station once it is back.
      await throughCaddy.waitForAudio(1000, 5000, killedAt + 500);
      await direct.waitForAudio(1000, 5000, killedAt + 500);
      await mp3.waitForAudio(1000, 5000, killedAt + 500);
      await eventually('liquidsoap restarted', () => station.pidOf('liquidsoap') !== pid, 20_000);
      await eventually(
        'the starter tones back on the same connection',
        () =>
          throughCaddy.windows.some(
            (window) => window.at > killedAt + 2000 && window.rmsDb > -30 && window.frequency < 1000,
          ),
        40_000,
      );
      await eventually(
        'the starter tones back on the MP3 connection',
        () =>
          mp3.windows.some((window) => window.at > killedAt + 2000 && window.rmsDb > -30 && window.frequency < 1000),
        40_000,
      );
      for (const listener of [throughCaddy, direct, mp3]) {
        const events = listener.eventsSince(killedAt - 1000);
        expect(events.filter((event) => event.kind === 'ended')).toEqual([]);
        expect(events.filter((event) => event.seconds >= 5)).toEqual([]);
      }
    } finally {
      throughCaddy.stop();
      direct.stop();
      mp3.stop();
    }
  }, 120_000);

  it('restarts a process that dies', async () => {
    const pid = station.pidOf('queue');
    process.kill(pid, 'SIGKILL');
    await eventually('queue restarted with a new pid', () => station.pidOf('queue') !== pid, 20_000);
    await eventually('station healthy again', async () => (await health(station)).status === 200, 30_000);
  });

  it('shows what is on air through the API behind Caddy', async () => {
    const response = await fetch(station.url('/api/now-playing'));
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      tier: string;
      title: string | null;
    };
    expect(body.tier).toBe('fallback');
    expect(body.title).toMatch(/Starter tone/);
  });

  it('keeps internal routes off the public entry point', async () => {
    const response = await fetch(station.url('/api/internal/now-playing'), {
      method: 'POST',
    });
    expect(response.status).toBe(404);
    const direct = await fetch(station.gatewayUrl('/internal/now-playing'), {
      method: 'POST',
    });
    expect(direct.status).toBe(401);
  });

  it('serves the Swagger UI and the control panel', async () => {
    const docs = await fetch(station.url('/api/docs'));
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger/i);
    const panel = await fetch(station.url('/queue'));
    expect(panel.status).toBe(200);
    expect(await panel.text()).toMatch(/<h4k-root/);
  });

  it('shows the control panel with what is on air in a real browser', async () => {
    await checkPanel(station.url('/'));
  }, 60_000);

  describe('the admin controls the fallback playlist', () => {
    let monitor: ToneMonitor;
    const isStarterTone = (sample: ToneSample) =>
      sample.rmsDb > -40 && sample.frequency > 280 && sample.frequency < 620;
    const isNoise = (sample: ToneSample) => sample.rmsDb > -40 && sample.frequency > 1500;
    const admin = async (path: string) => {
      const response = await fetch(station.url(`/api${path}`), {
        method: 'POST',
        headers: { Authorization: `Bearer ${station.adminToken}` },
      });
      return { status: response.status, body: (await response.json()) as { state?: string; hold?: string | null } };
    };
    const tier = async () => ((await (await fetch(station.url('/api/now-playing'))).json()) as { tier: string }).tier;

    beforeAll(() => {
      monitor = new ToneMonitor(station.icecastUrl('/radio'));
    });
    afterAll(() => monitor.stop());

    it('pauses the fallback (the output goes to noise) and resumes it', async () => {
      await monitor.waitFor('the fallback tone', isStarterTone, 20_000);
      const paused = await admin('/admin/pause?playlist=fallback');
      expect(paused).toEqual({ status: 200, body: expect.objectContaining({ state: 'pause', hold: 'admin' }) });
      const pausedAt = Date.now();
      await monitor.waitFor('noise while the fallback is paused', isNoise, 20_000, pausedAt);
      await eventually('now-playing says noise', async () => (await tier()) === 'noise', 10_000);
      const resumed = await admin('/admin/resume?playlist=fallback');
      expect(resumed.body).toEqual(expect.objectContaining({ state: 'play', hold: null }));
      await monitor.waitFor('the fallback back after resume', isStarterTone, 20_000, Date.now());
      await eventually('now-playing says fallback', async () => (await tier()) === 'fallback', 10_000);
    }, 60_000);

    it('refuses an unknown playlist with a reason and changes nothing', async () => {
      const response = await admin('/admin/pause?playlist=jukebox');
      expect(response.status).toBe(400);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect(monitor.samples.slice(-4).every(isStarterTone)).toBe(true);
    });

    it('plays again by itself after the fallback MPD is killed', async () => {
      const pid = station.pidOf('mpd-fallback');
      const killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
      await eventually('mpd-fallback restarted', () => station.pidOf('mpd-fallback') !== pid, 20_000);
      await monitor.waitFor('noise while the fallback MPD is down', isNoise, 20_000, killedAt).catch(() => 0);
      const backAt = await monitor.waitFor(
        'the fallback tone after the restart',
        isStarterTone,
        30_000,
        killedAt + 4000,
      );
      process.stdout.write(
        `fallback MPD killed → tone back on /radio after ${((backAt - killedAt) / 1000).toFixed(1)} s\n`,
      );
    }, 60_000);
  });
});
