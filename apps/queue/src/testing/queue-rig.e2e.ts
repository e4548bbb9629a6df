import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { loadQueueEnv, STATION_ENV } from '@h4k/config';
import { ContractClient, type Playlist, PLAYLISTS, redisTransportOptions } from '@h4k/contracts';
import { eventually, freePort, type OwnedProcess, startProcess, startRedis, tempDir, writeTone } from '@h4k/testing';
import type { INestMicroservice } from '@nestjs/common';
import { ClientProxyFactory, type MicroserviceOptions } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import type { MPC } from 'mpc-js';

import { MpdClient } from '../mpd/mpd-client';
import { QueueModule } from '../queue.module';
import { USER_MUSIC_DIR } from '../user-songs/user-music-dir';

interface TestMpd {
  port: number;
  dir: string;
  process: OwnedProcess;
  /** The test's own connection: an outsider (like `mpc`), not the service's. */
  outsider: MpdClient;
}

export interface RigOptions {
  fallbackSongs: number;
  /** User tones are written when `addUserSongs` adds them: the service deletes files nobody queued. */
  userSongs: number;
}

/**
 * The queue service on the real Redis transport, with a real redis-server and two real MPDs
 * (null output, a state file, tone files in their music dirs), all on free loopback ports.
 */
export class QueueRig {
  readonly root = tempDir('queue');
  private readonly mpd = {} as Record<Playlist, TestMpd>;
  private redis!: { port: number; process: OwnedProcess };
  private service: INestMicroservice | undefined;
  private closedPort = 0;
  client!: ContractClient;

  static async start(options: RigOptions): Promise<QueueRig> {
    const rig = new QueueRig();
    rig.redis = await startRedis();
    rig.closedPort = await freePort();
    for (const playlist of PLAYLISTS) {
      const dir = join(rig.root, playlist);
      mkdirSync(join(dir, 'music'), { recursive: true });
      const count = playlist === 'fallback' ? options.fallbackSongs : 0;
      // Long enough that no song ends on its own during a suite.
      await Promise.all(
        Array.from({ length: count }, (_, index) => {
          const frequency = 330 + 110 * index;
          return writeTone(
            join(dir, 'music', `${playlist}-${index}.ogg`),
            frequency,
            60,
            `${playlist} tone ${frequency}`,
          );
        }),
      );
      const port = await freePort();
      const outsider = new MpdClient({ name: `test-${playlist}`, host: '127.0.0.1', port });
      rig.mpd[playlist] = { port, dir, process: startMpd(dir, port), outsider };
      outsider.start();
    }
    rig.client = new ContractClient(
      ClientProxyFactory.create(redisTransportOptions({ host: '127.0.0.1', port: rig.redis.port })),
      5000,
    );
    await rig.startService();
    return rig;
  }

  /** Boots the queue module as a microservice on the Redis transport (again after `stopService`). */
  async startService(): Promise<void> {
    const moduleRef = await Test.createTestingModule({ imports: [QueueModule] })
      .overrideProvider(STATION_ENV)
      .useValue(
        loadQueueEnv({
          ADMIN_API_TOKEN: 'unit-admin-token-0123456789',
          LIQUIDSOAP_TOKEN: 'unit-liquidsoap-token-0123456789',
          JWT_SECRET: 'unit-jwt-secret-0123456789',
          REDIS_PORT: String(this.redis.port),
          MPD_FALLBACK_PORT: String(this.mpd.fallback.port),
          MPD_USER_PORT: String(this.mpd.user.port),
          // A closed port: no Liquidsoap here (another station's on the default port must not hear us).
          LIQUIDSOAP_TELNET_PORT: String(this.closedPort),
        }),
      )
      .overrideProvider(USER_MUSIC_DIR)
      .useValue(this.userMusicDir)
      .compile();
    this.service = moduleRef.createNestMicroservice<MicroserviceOptions>(
      redisTransportOptions({ host: '127.0.0.1', port: this.redis.port }),
    );
    await this.service.listen();
  }

  async stopService(): Promise<void> {
    await this.service?.close();
    this.service = undefined;
  }

  get<T>(type: new (...args: never[]) => T): T {
    if (!this.service) throw new Error('the queue service is not running');
    return this.service.get(type);
  }

  /** Runs MPD commands as an outsider would (mpc), on a connection of the test's own. */
  async outside<T>(playlist: Playlist, work: (mpd: MPC) => Promise<T>): Promise<T> {
    const { outsider } = this.mpd[playlist];
    await eventually(`test connection to the ${playlist} MPD`, () => outsider.connected, 10_000);
    return outsider.raw(work);
  }

  status(playlist: Playlist) {
    return this.outside(playlist, (mpd) => mpd.status.status());
  }

  get redisPort(): number {
    return this.redis.port;
  }

  get userMusicDir(): string {
    return join(this.root, 'user', 'music');
  }

  /** Adds user tones (60 s) to the user MPD by hand, as an admin with mpc would: update, then add. */
  async addUserSongs(...indexes: number[]): Promise<void> {
    for (const index of indexes) {
      const path = join(this.userMusicDir, `user-${index}.ogg`);
      const frequency = 330 + 110 * index;
      if (!existsSync(path)) await writeTone(path, frequency, 60, `user tone ${frequency}`);
    }
    await this.outside('user', async (mpd) => {
      await mpd.database.update();
      await eventually('user MPD database updated', async () => (await mpd.status.status()).updating === undefined);
      for (const index of indexes) await mpd.currentPlaylist.add(`user-${index}.ogg`);
    });
  }

  /**
   * Kills an MPD (no state saved) and starts it again; `state` is written as its state file first,
   * e.g. to make it come back playing.
   */
  async restartMpd(playlist: Playlist, state?: string): Promise<void> {
    const mpd = this.mpd[playlist];
    await mpd.process.stop('SIGKILL');
    if (state !== undefined) writeFileSync(join(mpd.dir, 'state'), state);
    mpd.process = startMpd(mpd.dir, mpd.port);
  }

  /** Stops everything it started, even when a step fails (a suite that failed mid-call still cleans up). */
  async close(): Promise<void> {
    await this.stopService().catch(() => undefined);
    await this.client?.close().catch(() => undefined);
    for (const mpd of Object.values(this.mpd)) {
      mpd.outsider.stop();
      await mpd.process.stop();
    }
    await this.redis?.process.stop();
  }
}

function startMpd(dir: string, port: number): OwnedProcess {
  const config = join(dir, 'mpd.conf');
  writeFileSync(
    config,
    [
      `music_directory "${join(dir, 'music')}"`,
      `db_file "${join(dir, 'db')}"`,
      `state_file "${join(dir, 'state')}"`,
      `bind_to_address "127.0.0.1"`,
      `port "${port}"`,
      'zeroconf_enabled "no"',
      'audio_output {\n  type "null"\n  name "null"\n}',
    ].join('\n'),
  );
  return startProcess('mpd', ['--no-daemon', '--stderr', config]);
}

/** An MPD state file as MPD 0.23 writes it: the queue's songs, playing from the first. */
export function playingStateFile(songs: string[], consume: boolean): string {
  return [
    'sw_volume: 100',
    'audio_device_state:1:null',
    'state: play',
    'current: 0',
    'time: 0.500000',
    'random: 0',
    'repeat: 0',
    'single: 0',
    `consume: ${consume ? 1 : 0}`,
    'crossfade: 0',
    'playlist_begin',
    ...songs.map((song, index) => `${index}:${song}`),
    'playlist_end',
    '',
  ].join('\n');
}
