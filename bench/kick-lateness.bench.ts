import type { LivestreamStatus } from '@h4k/contracts';
import { liquidsoapCommand, startToneEncoder } from '@h4k/testing';
import { TestStation } from '@h4k/testing/station';
import Redis from 'ioredis';

/**
 * How late the livestream service cuts a DJ off, on the real stack: 10 DJs, each with 60 s allowed
 * and 56 s already used (pre-set in Redis so a run takes seconds, not a minute), a real ffmpeg
 * encoder on the harbor, and `live.status` polled every 20 ms from 0.5 s before the cut-off.
 */
const RUNS = 10;
/** A DJ's streamed time, ms (livestream's key, ARCHITECTURE.md "Who owns which state"). */
const usedKey = (userId: string) => `h4k:livestream:used:${userId}`;

export interface KickLateness {
  /** Milliseconds from the end of the allowance until the harbor had no source, per run. */
  lateness: number[];
  medianMs: number;
  maxMs: number;
}

export async function measureKickLateness(runs = RUNS, log = console.log): Promise<KickLateness> {
  const station = await TestStation.start();
  const redis = new Redis({ port: station.ports.redis, host: '127.0.0.1', password: station.redisPassword });
  const lateness: number[] = [];
  try {
    for (let run = 1; run <= runs; run++) {
      const userId = `bench-kick-${run}`;
      await redis.set(usedKey(userId), 56_000);
      const { token } = await station.admin<{ token: string }>('POST', '/admin/livestream/token', {
        user_id: userId,
        max_streaming_seconds: 60,
      });
      const encoder = startToneEncoder({ harborPort: station.ports.harbor, password: token, frequency: 1000 });
      let endsAt = Number.NaN;
      while (Number.isNaN(endsAt)) {
        const status = await station.admin<LivestreamStatus>('GET', '/admin/livestream');
        endsAt = status.live?.endsAt ? Date.parse(status.live.endsAt) : Number.NaN;
        if (Number.isNaN(endsAt)) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, endsAt - 500 - Date.now())));
      for (;;) {
        const status = await liquidsoapCommand(station.ports.liquidsoapTelnet, 'live.status');
        if (/no source client connected/.test(status)) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      lateness.push(Date.now() - endsAt);
      await encoder.stop('SIGKILL');
      // Let the slot go before the next DJ (the disconnect callback frees it).
      while ((await station.admin<LivestreamStatus>('GET', '/admin/livestream')).live) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      log(`run ${run}: cut ${lateness.at(-1)} ms after the allowance ended`);
    }
  } finally {
    redis.disconnect();
    await station.stop();
  }
  const sorted = [...lateness].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const medianMs =
    sorted.length % 2 ? (sorted[Math.floor(middle)] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { lateness, medianMs, maxMs: sorted.at(-1) ?? 0 };
}

async function main(): Promise<void> {
  const { lateness, medianMs, maxMs } = await measureKickLateness();
  console.log(
    `kick lateness over ${lateness.length} runs: median ${medianMs} ms, max ${maxMs} ms, min ${Math.min(...lateness)} ms`,
  );
}

if (require.main === module) {
  void main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
