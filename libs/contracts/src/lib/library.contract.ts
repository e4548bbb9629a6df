import { z } from 'zod';

import { playlistSchema, removedSchema } from './queue.contract';
import { rpc } from './rpc';
import { MAX_TAG_LENGTH, strictText } from './text';

/**
 * A library song's id, safe in a URL path and stable while the file keeps its name:
 * `<uuid>` for the downloader's `<uuid>.ogg` at the top of the fallback dir, else `f_` + the
 * base64url of its path relative to that dir (starter tracks, hand-copied files).
 */
export const libraryIdSchema = z
  .string()
  .min(1)
  .max(6000)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
  .describe('Library song id (from the library list): `<uuid>` for downloaded songs, `f_<base64url of path>` else');

/** A path relative to the fallback dir, as MPD names it. */
export const libraryFileSchema = z
  .string()
  .min(1)
  .max(1000)
  .refine(
    (file) => !file.startsWith('/') && !file.split('/').includes('..') && !file.includes('\0'),
    'must be relative to the fallback music dir',
  )
  .describe('Path of the song relative to the fallback music dir, e.g. `<uuid>.ogg`');

export const librarySongSchema = z.object({
  id: libraryIdSchema,
  file: z.string().describe('Path relative to the fallback music dir'),
  title: z.string().describe('Title tag, else the file name without its extension'),
  artist: z.string().nullable(),
  durationSeconds: z.number().nullable().describe('As MPD reads it from the file; null when unknown'),
});
export type LibrarySong = z.infer<typeof librarySongSchema>;

export const libraryPageSchema = z.object({
  songs: z.array(librarySongSchema),
  total: z.number().int().describe('Songs matching the search, all pages together'),
  page: z.number().int().describe('1-based'),
  pageSize: z.number().int(),
});
export type LibraryPage = z.infer<typeof libraryPageSchema>;

export const LIBRARY_PAGE_SIZE_MAX = 200;

export const libraryAddedSchema = z.object({ file: libraryFileSchema }).strict();
export type LibraryAdded = z.infer<typeof libraryAddedSchema>;

export const libraryListSchema = z
  .object({
    page: z.number().int().min(1).default(1).describe('1-based page number'),
    pageSize: z.number().int().min(1).max(LIBRARY_PAGE_SIZE_MAX).default(50),
    search: z
      .string()
      .trim()
      .max(200)
      .optional()
      .describe('Case-insensitive substring of the title, artist or file name'),
  })
  .strict();
export type LibraryList = z.infer<typeof libraryListSchema>;

export const libraryRemoveSchema = z.object({ id: libraryIdSchema }).strict();
export type LibraryRemove = z.infer<typeof libraryRemoveSchema>;

const tagText = strictText(MAX_TAG_LENGTH);
const tagsShape = {
  title: tagText.optional().describe(`New title tag (1..${MAX_TAG_LENGTH} characters, trimmed, no control characters)`),
  artist: tagText
    .optional()
    .describe(`New artist tag (1..${MAX_TAG_LENGTH} characters, trimmed, no control characters)`),
};
const hasATag = (tags: { title?: string; artist?: string }) => tags.title !== undefined || tags.artist !== undefined;
const NO_TAG = 'give a title, an artist or both';

/** New tags for a library song: at least one of them, each 1..200 characters once trimmed. */
export const libraryTagsSchema = z.object(tagsShape).strict().refine(hasATag, NO_TAG);
export type LibraryTags = z.infer<typeof libraryTagsSchema>;

export const libraryRetagSchema = z
  .object({ id: libraryIdSchema, ...tagsShape })
  .strict()
  .refine(hasATag, NO_TAG);
export type LibraryRetag = z.infer<typeof libraryRetagSchema>;

/**
 * An admin's id for a playlist entry: a user song's uuid, `mpd:<songid>` for an entry put in the
 * user MPD by hand, or the library id of a fallback song.
 */
export const playlistEntryIdSchema = z
  .string()
  .min(1)
  .max(6000)
  .regex(/^(mpd:\d{1,10}|[A-Za-z0-9_-]+)$/, 'a song id, `mpd:<number>` or a library id')
  .describe('Entry id from the playlist list: a user song id, `mpd:<songid>`, or a library id (fallback)');

export const playlistEntrySchema = z.object({
  id: z.string().describe('Pass to DELETE: a user song id (or `mpd:<songid>` for a hand-added entry); a library id'),
  position: z.number().int().describe('0-based place in the MPD playlist (the fallback plays it shuffled)'),
  title: z.string(),
  artist: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  file: z.string().describe("Path relative to the playlist's music dir"),
  submitter: z.string().nullable().describe('User songs: who queued it, e.g. "listener 3f2a"; null else'),
  current: z.boolean().describe('The song its MPD is on now (playing or paused)'),
});
export type PlaylistEntry = z.infer<typeof playlistEntrySchema>;

export const playlistContentsSchema = z.object({
  playlist: playlistSchema,
  songs: z.array(playlistEntrySchema),
});
export type PlaylistContents = z.infer<typeof playlistContentsSchema>;

export const playlistListSchema = z.object({ playlist: playlistSchema }).strict();
export const playlistRemoveSchema = z.object({ playlist: playlistSchema, id: playlistEntryIdSchema }).strict();
export type PlaylistRemove = z.infer<typeof playlistRemoveSchema>;
export const playlistClearSchema = z.object({ playlist: playlistSchema }).strict();

export const removedCountSchema = z.object({
  removed: z.number().int().describe('Entries that left the queue, songs still downloading included'),
});

/**
 * Queue: the admin's fallback library and the admin's view of both playlists. Handled by the queue
 * service (it owns both MPDs) and spread into `PATTERNS.queue`.
 */
export const QUEUE_LIBRARY_RPCS = {
  /**
   * A finished song is in the fallback dir: scan only that path and add it to the fallback playlist. Idempotent.
   * Answers the song as the fallback MPD's database has it.
   */
  libraryAdded: rpc('queue.libraryAdded', libraryAddedSchema, librarySongSchema),
  /** One page of the fallback library, sorted by title. */
  libraryList: rpc('queue.libraryList', libraryListSchema, libraryPageSchema),
  /** Deletes a library song: its file, its fallback playlist entries, its database entry. */
  libraryRemove: rpc('queue.libraryRemove', libraryRemoveSchema, removedSchema),
  /** Rewrites a library song's title/artist tags in its file; answers the song with its new tags, as MPD reads them back. */
  libraryRetag: rpc('queue.libraryRetag', libraryRetagSchema, librarySongSchema),
  /** Every entry of one MPD's playlist, as an admin manages it. */
  playlistList: rpc('queue.playlistList', playlistListSchema, playlistContentsSchema),
  /** Takes one entry out of a playlist (a user song loses its file and frees its slot; a fallback song keeps its file). */
  playlistRemove: rpc('queue.playlistRemove', playlistRemoveSchema, removedSchema),
  /** Empties the user queue (the fallback is never cleared); answers how many entries left it, songs downloading included. */
  playlistClear: rpc('queue.playlistClear', playlistClearSchema, removedCountSchema),
};
