import { z } from 'zod';

import { emptyRequestSchema, rpc } from './rpc';
import { serviceHealthSchema } from './services';
import { cleanText, MAX_TAG_LENGTH } from './text';

/** The two MPDs: the listeners' queue and the admin's fallback playlist. */
/**
 * Owner of the songs an admin puts in the listeners' queue: no quota, shown as "the station".
 * Stored with each song in Redis: do not change without a migration.
 */
export const ADMIN_OWNER = 'admin';

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

export const queuePlaybackStateSchema = z.object({ playlist: playlistSchema }).strict();
export type QueuePlaybackState = z.infer<typeof queuePlaybackStateSchema>;

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

const songIdSchema = z.uuid().describe('The id `queue.reserve` returned');
const ownerSchema = z
  .string()
  .min(1)
  .max(200)
  .describe('Non-identifying id of the listener (never an IP or a name); songs are counted and ordered by it');

const sourceKeySchema = z
  .string()
  .min(1)
  .max(2000)
  .describe('Normalised URL or upload hash: one waiting copy per source');

export const queueReserveSchema = z
  .object({
    owner: ownerSchema,
    limit: z
      .number()
      .int()
      .min(1)
      .max(50)
      .optional()
      .describe('Songs the listener may have waiting or downloading at once; omitted for an admin (no quota)'),
    sourceKey: sourceKeySchema,
    id: z
      .uuid()
      .optional()
      .describe(
        "The song's id, chosen by the caller so it can give the slot back (queue.release) when the answer is lost; " +
          'a new one when omitted',
      ),
  })
  .strict();
export type QueueReserve = z.infer<typeof queueReserveSchema>;

export const queueReleaseSchema = z.object({ id: songIdSchema }).strict();
export type QueueRelease = z.infer<typeof queueReleaseSchema>;

export const queueClaimSourceSchema = z.object({ id: songIdSchema, sourceKey: sourceKeySchema }).strict();
export type QueueClaimSource = z.infer<typeof queueClaimSourceSchema>;

/**
 * A reserved song's finished file, as the queue takes it from the downloader's `ready` song event.
 * Not an RPC: the event and its kept status (h4k:songs:status) are the hand-off, so a song finished
 * while the queue restarts is still queued when it is back.
 */
export const queueSongReadySchema = z
  .object({
    id: songIdSchema,
    file: z
      .string()
      .min(1)
      .max(1000)
      .refine(
        (file) => !file.startsWith('/') && !file.split('/').includes('..'),
        'must be relative to the user music dir',
      )
      .describe('Path of the finished file, relative to the user music dir'),
    // Tags read from files: cleaned and cut, never refused (a refusal here fails a song that downloaded fine).
    title: cleanText(MAX_TAG_LENGTH).optional().describe("Omitted or empty: the file's title tag, else its name"),
    artist: cleanText(MAX_TAG_LENGTH).optional().describe("Omitted: the file's artist tag"),
    durationSeconds: z.number().min(0).max(86_400).optional().describe('Omitted: as MPD reads it from the file'),
  })
  .strict();
export type QueueSongReady = z.infer<typeof queueSongReadySchema>;

export const queueRemoveSchema = z
  .object({ id: songIdSchema, owner: ownerSchema.optional().describe('Omitted only by an admin') })
  .strict();
export type QueueRemove = z.infer<typeof queueRemoveSchema>;

export const queueReservationSchema = z.object({ id: z.uuid() });
export type QueueReservation = z.infer<typeof queueReservationSchema>;

export const queueOwnerSongsSchema = z.object({ owner: ownerSchema }).strict();
export type QueueOwnerSongs = z.infer<typeof queueOwnerSongsSchema>;

export const ownerSongSchema = z.object({
  id: z.string(),
  /** `downloading` until its file is queued in the user MPD. */
  state: z.enum(['downloading', 'queued']),
  title: z.string().nullable(),
});
export type OwnerSong = z.infer<typeof ownerSongSchema>;

export const ownerSongsSchema = z.object({
  /** Slots taken: songs downloading or waiting to play (the one playing included). */
  used: z.number().int(),
  songs: z.array(ownerSongSchema),
});
export type OwnerSongs = z.infer<typeof ownerSongsSchema>;

/** One song of `queue.list`, in play order. */
export const queueEntrySchema = z.object({
  tier: z.enum(PLAYLISTS).describe("`user`: a listener's song; `fallback`: the station's playlist"),
  // null for the fallback and for songs an admin put in the user MPD by hand
  id: z.uuid().nullable().describe("A listener's song id; null for the fallback"),
  title: z.string(),
  artist: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  submitter: z.string().nullable().describe('Non-identifying label of who queued it, e.g. "listener 3f2a"'),
  current: z.boolean().describe('On air now (or paused there)'),
});
export type QueueEntry = z.infer<typeof queueEntrySchema>;

export const queueListSchema = z.object({
  songs: z.array(queueEntrySchema).describe("Listeners' songs in play order, then the next fallback songs"),
});
export type QueueList = z.infer<typeof queueListSchema>;

export const removedSchema = z.object({ removed: z.literal(true) });

/** Queue: owns both MPDs. */
export const QUEUE_RPCS = {
  health: rpc('queue.health', emptyRequestSchema, serviceHealthSchema),
  /** Admin playback control of one playlist. */
  playback: rpc('queue.playback', queuePlaybackSchema, playbackStateSchema),
  /** Read-only: what one playlist's MPD is doing now (the dashboard). UNAVAILABLE when its MPD is away. */
  playbackState: rpc('queue.playbackState', queuePlaybackStateSchema, playbackStateSchema),
  /** Reload every song of the fallback dir, repeat+random, play. Answers the fallback playlist after the reload. */
  setupAutoplay: rpc('queue.setupAutoplay', emptyRequestSchema, playbackStateSchema),
  /**
   * A DJ went on air: the user queue is held paused until `liveEnded`. Idempotent.
   * Answers the user queue after the change (likewise `liveEnded`).
   */
  liveStarted: rpc('queue.liveStarted', emptyRequestSchema, playbackStateSchema),
  /** The DJ left: the user queue plays again (unless an admin paused it). Idempotent. */
  liveEnded: rpc('queue.liveEnded', emptyRequestSchema, playbackStateSchema),
  /** Takes one of a listener's slots for a song about to be downloaded: TOO_MANY / CONFLICT when refused. */
  reserve: rpc('queue.reserve', queueReserveSchema, queueReservationSchema),
  /** Frees a slot whose download failed or was cancelled. Idempotent: `released` is false when there was nothing (left) to release. */
  release: rpc('queue.release', queueReleaseSchema, z.object({ released: z.boolean() })),
  /**
   * An upload's slot is reserved before its body arrives (uploads in flight count against the quota);
   * once vetted, the reservation takes the upload's real source key. CONFLICT when that source waits already.
   */
  claimSource: rpc('queue.claimSource', queueClaimSourceSchema, z.object({ claimed: z.literal(true) })),
  /** What plays next: the user queue, then the fallback. Served from memory, kept in step with MPD events. */
  list: rpc('queue.list', emptyRequestSchema, queueListSchema),
  /** Takes a song out of the queue (its owner, or an admin when `owner` is omitted). */
  remove: rpc('queue.remove', queueRemoveSchema, removedSchema),
  /** One listener's songs (downloading or queued) and how many slots they take. */
  ownerSongs: rpc('queue.ownerSongs', queueOwnerSongsSchema, ownerSongsSchema),
};
