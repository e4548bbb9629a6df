import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { type LivestreamEnv, loadLivestreamEnv, STATION_ENV } from '@h4k/config';
import {
  eventually,
  freePort,
  type OwnedProcess,
  startProcess,
  startRedis,
  startToneEncoder,
  tempDir,
} from '@h4k/testing';
import { RpcException } from '@nestjs/microservices';
import { Test, type TestingModule } from '@nestjs/testing';
import Redis from 'ioredis';

import { LiquidsoapTelnet } from '../liquidsoap/liquidsoap-telnet';
import { LivestreamModule } from '../livestream.module';
import { BootGate } from '../reconcile/boot-gate';
import { REDIS_KEYS } from '../redis/keys';
import { LIVESTREAM_TIMINGS, type LivestreamTimings } from '../timings';

/** Short enough to keep the suite fast, long enough that a loaded CI box does not lose a lease by accident. */
export const TEST_TIMINGS: LivestreamTimings = {
  leaseMs: 2_000,
  renewEveryMs: 500,
  kickRetryMs: 400,
  telnetTimeoutMs: 1_000,
};

export function testEnv(redisPort: number, telnetPort: number): LivestreamEnv {
  return loadLivestreamEnv({
    ADMIN_API_TOKEN: 'unit-admin-token-0123456789',
    LIQUIDSOAP_TOKEN: 'unit-liquidsoap-token-0123456789',
    JWT_SECRET: 'unit-jwt-secret-0123456789',
    REDIS_PORT: String(redisPort),
    LIQUIDSOAP_TELNET_PORT: String(telnetPort),
  });
}

/** The service module against a real Redis and a Liquidsoap telnet port (real or dead), booted and reconciled. */
export async function bootLivestream(
  redisPort: number,
  telnetPort: number,
  timings: LivestreamTimings = TEST_TIMINGS,
): Promise<TestingModule> {
  const moduleRef = await compileLivestream(redisPort, telnetPort, timings);
  await moduleRef.init();
  await moduleRef.get(BootGate).ready;
  return moduleRef;
}

export function compileLivestream(
  redisPort: number,
  telnetPort: number,
  timings: LivestreamTimings = TEST_TIMINGS,
): Promise<TestingModule> {
  return Test.createTestingModule({ imports: [LivestreamModule] })
    .overrideProvider(STATION_ENV)
    .useValue(testEnv(redisPort, telnetPort))
    .overrideProvider(LIVESTREAM_TIMINGS)
    .useValue(timings)
    .compile();
}

/** Claims as the gateway passes them after verifying a token valid for another hour. */
export function claims(userId: string, maxStreamingSeconds = 60) {
  return {
    userId,
    label: `show of ${userId}`,
    maxStreamingSeconds,
    tokenExpiresAt: Math.floor(Date.now() / 1000) + 3600,
    address: '127.0.0.1',
    tokenId: `token-of-${userId}`,
  };
}

export const NO_HEADERS = { name: null, description: null, genre: null, url: null };

/** A test-side Redis client for arranging and inspecting the service's keys. */
export function redisClient(port: number): Redis {
  return new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 });
}

export async function setUsedMs(redis: Redis, userId: string, usedMs: number): Promise<void> {
  await redis.set(REDIS_KEYS.used(userId), usedMs);
}

export async function usedMs(redis: Redis, userId: string): Promise<number> {
  return Number((await redis.get(REDIS_KEYS.used(userId))) ?? 0);
}

/** A real Liquidsoap with the station's harbor id "live" (open to any encoder) and telnet on loopback. */
export class TestLiquidsoap {
  process: OwnedProcess | null = null;
  readonly telnet: LiquidsoapTelnet;

  private constructor(
    readonly telnetPort: number,
    readonly harborPort: number,
    private readonly script: string,
  ) {
    this.telnet = new LiquidsoapTelnet(testEnv(6379, telnetPort));
  }

  static async start(): Promise<TestLiquidsoap> {
    const telnetPort = await freePort();
    const harborPort = await freePort();
    const script = join(tempDir('liq'), 'live.liq');
    writeFileSync(
      script,
      [
        'settings.init.allow_root.set(true)',
        'settings.server.telnet.set(true)',
        `settings.server.telnet.port.set(${telnetPort})`,
        'settings.server.telnet.bind_addr.set("127.0.0.1")',
        'settings.harbor.bind_addrs.set(["127.0.0.1"])',
        `live = input.harbor(id="live", port=${harborPort}, buffer=2., auth=fun (_) -> true, "live")`,
        'output.dummy(fallback(track_sensitive=false, [live, blank()]))',
        // The station's kick command (liquidsoap/radio.liq registers the same name; it also skips the grace there).
        'def kick(_) =\n  live.stop()\n  "kicked"\nend',
        'server.register(namespace="h4k", usage="kick", "kick", kick)',
      ].join('\n'),
    );
    const liquidsoap = new TestLiquidsoap(telnetPort, harborPort, script);
    await liquidsoap.restart();
    return liquidsoap;
  }

  /** Starts (again, on the same ports) and waits until telnet answers. */
  async restart(): Promise<void> {
    const child = startProcess('liquidsoap', [this.script]);
    this.process = child;
    await eventually(
      'liquidsoap answers on telnet',
      async () => {
        if (!child.running) throw new Error(`liquidsoap exited:\n${child.log.slice(-2000)}`);
        return (await this.telnet.command('uptime', 500)).length > 0;
      },
      30_000,
    );
  }

  async stop(): Promise<void> {
    await this.process?.stop();
  }

  async sourceConnected(): Promise<boolean> {
    return (await this.telnet.command('live.status', 1000)).startsWith('source client connected');
  }

  /** A real encoder streaming a tone to the harbor, connected once this resolves. */
  async connectEncoder(): Promise<OwnedProcess> {
    const encoder = startToneEncoder({ harborPort: this.harborPort, password: 'x', frequency: 880 });
    await eventually('the encoder is connected to the harbor', () => this.sourceConnected(), 10_000);
    return encoder;
  }
}

/** A suite's parts: a real Redis and Liquidsoap, the booted service on them, a test-side Redis client. */
export class HarborRig {
  redis!: { port: number; process: OwnedProcess };
  liquidsoap!: TestLiquidsoap;
  moduleRef!: TestingModule;
  data!: Redis;
  /** Encoders a test started; stopped after the suite. */
  readonly encoders: OwnedProcess[] = [];

  /** Starts everything in the suite's beforeAll and stops it in its afterAll. */
  static forSuite(): HarborRig {
    const rig = new HarborRig();
    beforeAll(async () => {
      [rig.redis, rig.liquidsoap] = await Promise.all([startRedis(), TestLiquidsoap.start()]);
      rig.moduleRef = await bootLivestream(rig.redis.port, rig.liquidsoap.telnetPort);
      rig.data = redisClient(rig.redis.port);
    }, 40_000);
    afterAll(async () => {
      await rig.moduleRef?.close();
      await Promise.all(rig.encoders.splice(0).map((encoder) => encoder.stop()));
      rig.data?.disconnect();
      await rig.liquidsoap?.stop();
      await rig.redis?.process.stop();
    });
    return rig;
  }
}

/** What a refused call answered ('granted' if it was not refused). */
export async function refusalOf(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => 'granted',
    (error: unknown) => (error instanceof RpcException ? error.getError() : error),
  );
}
