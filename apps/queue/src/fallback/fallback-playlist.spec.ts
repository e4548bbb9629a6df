import { STATION_ENV, loadStationEnv } from '@h4k/config';
import { eventually, freePort, startProcess, tempDir, writeTone, type OwnedProcess } from '@h4k/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Mpds } from '../mpd/mpd.module';
import { QueueModule } from '../queue.module';

/** Real MPDs with a null output: the queue service must set them up and heal them without help. */
describe('queue service with real MPDs', () => {
  const root = tempDir('mpd');
  let fallbackPort: number;
  let userPort: number;
  let fallbackMpd: OwnedProcess;
  let userMpd: OwnedProcess;
  let app: INestApplicationContext;
  let mpds: Mpds;

  const startMpd = (name: string, port: number): OwnedProcess => {
    const dir = join(root, name);
    mkdirSync(join(dir, 'music'), { recursive: true });
    const config = join(dir, 'mpd.conf');
    writeFileSync(
      config,
      [
        `music_directory "${join(dir, 'music')}"`,
        `db_file "${join(dir, 'db')}"`,
        `bind_to_address "127.0.0.1"`,
        `port "${port}"`,
        'zeroconf_enabled "no"',
        'audio_output {\n  type "null"\n  name "null"\n}',
      ].join('\n'),
    );
    return startProcess('mpd', ['--no-daemon', '--stderr', config]);
  };

  const fallbackStatus = () => mpds.fallback.use((mpd) => mpd.status.status());

  beforeAll(async () => {
    fallbackPort = await freePort();
    userPort = await freePort();
    mkdirSync(join(root, 'fallback/music'), { recursive: true });
    for (const [index, frequency] of [330, 440, 550].entries()) {
      await writeTone(join(root, 'fallback/music', `tone-${index}.ogg`), frequency, 30, `Tone ${frequency}`);
    }
    fallbackMpd = startMpd('fallback', fallbackPort);
    userMpd = startMpd('user', userPort);
    const moduleRef = await Test.createTestingModule({ imports: [QueueModule] })
      .overrideProvider(STATION_ENV)
      .useValue(
        loadStationEnv({
          ADMIN_API_TOKEN: 'unit-admin-token-0123456789',
          LIQUIDSOAP_TOKEN: 'unit-liquidsoap-token-0123456789',
          JWT_SECRET: 'unit-jwt-secret-0123456789',
          MPD_FALLBACK_PORT: String(fallbackPort),
          MPD_USER_PORT: String(userPort),
        }),
      )
      .compile();
    app = await moduleRef.init();
    mpds = app.get(Mpds);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await Promise.all([fallbackMpd?.stop(), userMpd?.stop()]);
  });

  it('loads every song of the fallback dir, repeat+random, and plays', async () => {
    await eventually('fallback playing', async () => (await fallbackStatus()).state === 'play', 20_000);
    const status = await fallbackStatus();
    expect(status.playlistLength).toBe(3);
    expect(status.repeat).toBe(true);
    expect(status.random).toBe(true);
  });

  it('puts the user MPD in consume mode', async () => {
    await eventually(
      'user MPD consume on',
      async () => (await mpds.user.use((mpd) => mpd.status.status())).consume === true,
    );
  });

  it('plays again when someone stops the fallback', async () => {
    await mpds.fallback.use((mpd) => mpd.playback.stop());
    await eventually('fallback playing again', async () => (await fallbackStatus()).state === 'play', 10_000);
  });

  it('sets the fallback up again after its MPD restarts with an empty playlist', async () => {
    await fallbackMpd.stop('SIGKILL');
    await eventually('connection lost', () => !mpds.fallback.connected, 10_000);
    fallbackMpd = startMpd('fallback', fallbackPort);
    await eventually(
      'fallback playing after restart',
      async () => {
        const status = await fallbackStatus();
        return status.state === 'play' && status.playlistLength === 3 && status.random === true;
      },
      30_000,
    );
  }, 60_000);
});
