import { type GatewayEnv, logQueueErrors, STATION_ENV } from '@h4k/config';
import { DOWNLOAD_QUEUE, PATTERNS, type PlaybackState, type Playlist } from '@h4k/contracts';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';

import { stationListeners } from '../icecast/listeners';
import { READ_TIMEOUT_MS, withTimeout } from '../rpc/read-deadline';
import { Services } from '../rpc/services.module';
import type { StationOverview } from './station-overview.dto';

/** The dashboard's readings that no other route gives: listeners, both players, downloads in flight. */
@Injectable()
export class StationOverviewService {
  constructor(
    @Inject(STATION_ENV) private readonly env: GatewayEnv,
    private readonly services: Services,
    @InjectQueue(DOWNLOAD_QUEUE) private readonly downloads: Queue,
  ) {
    logQueueErrors(downloads, new Logger(StationOverviewService.name));
  }

  async read(): Promise<StationOverview> {
    const [listeners, user, fallback, downloads] = await Promise.all([
      orNull(stationListeners(this.env, READ_TIMEOUT_MS)),
      orNull(this.playback('user')),
      orNull(this.playback('fallback')),
      orNull(this.downloadCounts()),
    ]);
    return { listeners, playlists: [user, fallback].filter((state) => state !== null), downloads };
  }

  private playback(playlist: Playlist): Promise<PlaybackState> {
    return this.services.send(PATTERNS.queue.playbackState, { playlist }, { timeoutMs: READ_TIMEOUT_MS });
  }

  private async downloadCounts(): Promise<{ waiting: number; active: number }> {
    const counts = await withTimeout(this.downloads.getJobCounts('waiting', 'prioritized', 'delayed', 'active'));
    return {
      waiting: (counts['waiting'] ?? 0) + (counts['prioritized'] ?? 0) + (counts['delayed'] ?? 0),
      active: counts['active'] ?? 0,
    };
  }
}

function orNull<T>(reading: Promise<T>): Promise<T | null> {
  return reading.catch(() => null);
}
