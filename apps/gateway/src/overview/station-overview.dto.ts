import { playbackStateSchema } from '@h4k/contracts';
import { z } from 'zod';

export const stationOverviewSchema = z.object({
  listeners: z
    .number()
    .int()
    .nullable()
    .describe(
      "Listeners of the station's streams (Ogg and MP3), on its Icecast and its relays; null when Icecast did not answer",
    ),
  playlists: z
    .array(playbackStateSchema)
    .describe(
      "What each player is doing: the listeners' queue, then the fallback; a player whose MPD is away is left out",
    ),
  downloads: z
    .object({
      waiting: z.number().int().describe('Downloads not started yet'),
      active: z.number().int().describe('Downloads a downloader is running now'),
    })
    .nullable()
    .describe('Song downloads in flight; null when the job queue did not answer'),
});
export type StationOverview = z.infer<typeof stationOverviewSchema>;
