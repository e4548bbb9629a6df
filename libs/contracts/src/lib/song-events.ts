import type { Redis } from 'ioredis';
import { z } from 'zod';

/**
 * A song's life as the services tell it, on one Redis pub/sub channel: the downloader reports
 * `downloading` → `processing` → `ready` (or `failed`); the queue service, reacting to `ready`,
 * reports `queued` (with the place in line) or `added` (fallback library), then `playing`,
 * `played` or `removed`. The gateway turns them into Server-Sent Events; the latest one of each
 * song is also kept for a day so `GET /queue/{id}` can answer without asking anyone.
 * Do not rename the channel or key prefix without a migration.
 */
export const SONG_EVENTS_CHANNEL = 'h4k:songs:events';
export const SONG_STATUS_KEY_PREFIX = 'h4k:songs:status:';
export const SONG_STATUS_TTL_SECONDS = 24 * 60 * 60;

/** What a submitter sees. */
export const SONG_PROGRESS_STATUSES = [
  'downloading',
  'processing',
  'queued',
  'added',
  'playing',
  'played',
  'removed',
  'failed',
] as const;
export const songProgressStatusSchema = z
  .enum(SONG_PROGRESS_STATUSES)
  .describe(
    '`downloading`/`processing` with a percent; `queued` with the place in line; `added` (to the fallback ' +
      'library); `playing`; `played`; `removed` (deleted or cancelled); `failed` with a reason',
  );

/** Between services only: `ready` (the downloader finished the file; the queue service takes it from there). */
export const songStatusSchema = z.enum([...SONG_PROGRESS_STATUSES, 'ready']);
export type SongStatus = z.infer<typeof songStatusSchema>;

/** What a submitter may see of a song's status (no owner, no paths). */
export const songProgressSchema = z
  .object({
    id: z.uuid(),
    status: songProgressStatusSchema,
    percent: z.number().min(0).max(100).optional(),
    position: z.number().int().min(0).optional().describe("Listeners' songs ahead of this one (0: plays next or now)"),
    reason: z.string().optional().describe('Why it failed or was removed'),
  })
  .strict();
export type SongProgress = z.infer<typeof songProgressSchema>;

/** The internal event: the progress plus who submitted it, where it goes and (when `ready`) its file. */
export const songEventSchema = songProgressSchema
  .extend({
    status: songStatusSchema,
    target: z.enum(['user', 'fallback']).optional(),
    owner: z.string().min(1).max(200).optional(),
    /** Absolute path of the finished song (status `ready`): `${H4K_DATA_DIR}/music/<target>/<id>.ogg`. */
    file: z.string().optional(),
  })
  .strict();
export type SongEvent = z.infer<typeof songEventSchema>;

export function songStatusKey(id: string): string {
  return SONG_STATUS_KEY_PREFIX + id;
}

/**
 * Statuses after which a song has no further life: once kept, no later event replaces or
 * follows it. Several processes tell a song's story (the gateway, any downloader, the queue),
 * so a late event from one of them (a download's progress or `ready` that crossed a deletion)
 * must not bring a removed song back.
 */
export const FINAL_SONG_STATUSES: readonly SongStatus[] = ['removed'];

/**
 * SET and PUBLISH unless the kept status is final; both in one step, so no event can slip in
 * between the check and the write. Redis's Lua has cjson. Returns 1 when published, 0 when not.
 */
const PUBLISH_UNLESS_FINAL = `
local kept = redis.call('GET', KEYS[1])
if kept then
  local ok, event = pcall(cjson.decode, kept)
  if ok and type(event) == 'table' then
    for i = 4, #ARGV do
      if event.status == ARGV[i] then return 0 end
    end
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[1])
return 1
`;

/**
 * Keeps the event as the song's latest status and publishes it, in one round trip. Returns false,
 * changing nothing, when the song's kept status is already final (see FINAL_SONG_STATUSES).
 */
export async function publishSongEvent(redis: Redis, event: SongEvent): Promise<boolean> {
  const json = JSON.stringify(event);
  const published = await redis.eval(
    PUBLISH_UNLESS_FINAL,
    1,
    songStatusKey(event.id),
    json,
    SONG_STATUS_TTL_SECONDS,
    SONG_EVENTS_CHANNEL,
    ...FINAL_SONG_STATUSES,
  );
  return published === 1;
}

/** The latest status of a song, or undefined when unknown (never submitted, or older than a day). */
export async function readSongEvent(redis: Redis, id: string): Promise<SongEvent | undefined> {
  const raw = await redis.get(songStatusKey(id));
  if (!raw) return undefined;
  const parsed = songEventSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : undefined;
}

/** Parses a message of the channel; undefined for anything malformed. */
export function parseSongEvent(message: string): SongEvent | undefined {
  try {
    const parsed = songEventSchema.safeParse(JSON.parse(message));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a submitter sees of an event: no owner, target or path. `ready` is between services (the
 * file is done, the queue is taking it): shown as processing at 100 %.
 */
export function progressOf(event: SongEvent): SongProgress {
  const { target: _target, owner: _owner, file: _file, status, ...rest } = event;
  return status === 'ready' ? { id: event.id, status: 'processing', percent: 100 } : { ...rest, status };
}

/** Events a submitter is not sent (they add nothing to what they already saw). */
export function isInternalSongEvent(event: SongEvent): boolean {
  return event.status === 'ready';
}

export interface SongEventHandlers {
  onEvent(event: SongEvent): void;
  /** After every (re)connection: the moment to catch up on what pub/sub may have missed. */
  onReady?(): void;
  onError?(error: unknown): void;
}

/**
 * A connection of its own subscribed to the song events (ioredis subscribes again after a
 * reconnect). Malformed messages are dropped. Disconnect the returned connection to stop.
 */
export function subscribeToSongEvents(redis: Redis, handlers: SongEventHandlers): Redis {
  const subscriber = redis.duplicate({ maxRetriesPerRequest: null });
  subscriber.on('error', () => undefined);
  subscriber.on('message', (_channel: string, message: string) => {
    const event = parseSongEvent(message);
    if (event) handlers.onEvent(event);
  });
  if (handlers.onReady) subscriber.on('ready', handlers.onReady);
  subscriber.subscribe(SONG_EVENTS_CHANNEL).catch((error: unknown) => handlers.onError?.(error));
  return subscriber;
}
