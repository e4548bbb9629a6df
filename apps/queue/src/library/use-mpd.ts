import { rpcError } from '@h4k/contracts';
import { RpcException } from '@nestjs/microservices';
import type { MPC } from 'mpc-js';
import type { MpdConnection } from '../mpd/mpd-connection';

/** Runs MPD work for an admin call: an MPD that is away (or went away mid-call) is UNAVAILABLE (503), not INTERNAL. */
export async function useMpd<T>(connection: MpdConnection, work: (mpd: MPC) => Promise<T>): Promise<T> {
  const unavailable = () =>
    rpcError('UNAVAILABLE', `the ${connection.endpoint.name} MPD is not connected: ${connection.lastProblem}`);
  if (!connection.connected) throw unavailable();
  try {
    return await connection.use(work);
  } catch (error) {
    if (error instanceof RpcException || connection.connected) throw error;
    throw unavailable();
  }
}

/** Scans one path and waits for that job: never the whole dir. */
export async function scanPath(mpd: MPC, file: string): Promise<void> {
  const job = await mpd.database.update(file);
  for (let attempt = 0; attempt < 600; attempt++) {
    const { updating } = await mpd.status.status();
    // Jobs run in order: a lower id still running means ours waits behind it.
    if (updating === undefined || updating > job) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw rpcError('UNAVAILABLE', `MPD did not finish scanning ${file} within 30 s`);
}
