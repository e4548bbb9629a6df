import { z } from 'zod';
import type { ServiceHealth } from './services';

/** Queue: owns both MPDs. Do not rename patterns. */
export const QUEUE_PATTERNS = {
  health: 'queue.health',
  /** Admin playback control of one playlist. */
  playback: 'queue.playback',
  /** Reload every song of the fallback dir, repeat+random, play. */
  setupAutoplay: 'queue.setupAutoplay',
  /** A DJ went on air: the user queue is held paused until `liveEnded`. Idempotent. */
  liveStarted: 'queue.liveStarted',
  /** The DJ left: the user queue plays again (unless an admin paused it). Idempotent. */
  liveEnded: 'queue.liveEnded',
} as const;

/** The two MPDs: the listeners' queue and the admin's fallback playlist. */
export const PLAYLISTS = ['user', 'fallback'] as const;
export const playlistSchema = z
  .enum(PLAYLISTS)
  .describe("Which MPD: `user` (the listeners' queue) or `fallback` (the admin's playlist)");
export type Playlist = z.infer<typeof playlistSchema>;

export const PLAYBACK_ACTIONS = ['play', 'pause', 'resume', 'skip'] as const;
export const playbackActionSchema = z.enum(PLAYBACK_ACTIONS);
export type PlaybackAction = z.infer<typeof playbackActionSchema>;

export const queuePlaybackSchema = z.object({ playlist: playlistSchema, action: playbackActionSchema }).strict();
export type QueuePlayback = z.infer<typeof queuePlaybackSchema>;

/** A playlist's MPD as it is after a call. */
export const playbackStateSchema = z.object({
  playlist: playlistSchema,
  state: z.enum(['play', 'pause', 'stop']).describe('MPD player state'),
  title: z.string().nullable().describe('Current song: its title tag, else its file name; null when there is none'),
  artist: z.string().nullable(),
  queued: z.number().int().min(0).describe('Songs in the playlist, the current one included'),
  hold: z
    .enum(['admin', 'live'])
    .nullable()
    .describe(
      'Why it does not play: an admin paused it, or a DJ is live (user queue only); null when nothing holds it',
    ),
});
export type PlaybackState = z.infer<typeof playbackStateSchema>;

const empty = z.object({}).strict();

export const queueRequestSchemas = {
  [QUEUE_PATTERNS.health]: empty,
  [QUEUE_PATTERNS.playback]: queuePlaybackSchema,
  [QUEUE_PATTERNS.setupAutoplay]: empty,
  [QUEUE_PATTERNS.liveStarted]: empty,
  [QUEUE_PATTERNS.liveEnded]: empty,
};

export interface QueueResponses {
  [QUEUE_PATTERNS.health]: ServiceHealth;
  [QUEUE_PATTERNS.playback]: PlaybackState;
  /** The fallback playlist after the reload. */
  [QUEUE_PATTERNS.setupAutoplay]: PlaybackState;
  /** The user queue after the change. */
  [QUEUE_PATTERNS.liveStarted]: PlaybackState;
  [QUEUE_PATTERNS.liveEnded]: PlaybackState;
}
