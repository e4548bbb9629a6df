import { Injectable } from '@nestjs/common';

import { QueueRedis } from '../redis/queue-redis';

/** Do not rename: a running station keeps its listeners' songs under these keys across restarts. */
const SONGS = 'h4k:queue:songs';
const SOURCES = 'h4k:queue:sources';
const OWNER_PREFIX = 'h4k:queue:owner:';

/**
 * Checks and takes a slot in one step, so parallel submissions of one listener cannot overshoot the limit.
 * KEYS: owner's slot set, sources hash, songs hash. ARGV: id, limit ('' for none: an admin), sourceKey, song JSON.
 */
const RESERVE = `
if redis.call('HEXISTS', KEYS[2], ARGV[3]) == 1 then return 'CONFLICT' end
if ARGV[2] ~= '' and redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 'TOO_MANY' end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[3], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[4])
return 'OK'
`;

/** Forgets a song and frees its slot and source. KEYS: songs, sources. ARGV: id, required status or ''. */
const FORGET = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local song = cjson.decode(raw)
if ARGV[2] ~= '' and song.status ~= ARGV[2] then return -1 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('SREM', '${OWNER_PREFIX}' .. song.owner, ARGV[1])
if redis.call('HGET', KEYS[2], song.sourceKey) == ARGV[1] then redis.call('HDEL', KEYS[2], song.sourceKey) end
return 1
`;

/**
 * Gives a reservation its real source key. KEYS: songs, sources. ARGV: id, sourceKey.
 * cjson re-encodes the record: its numbers (reservedAt, ms) stay exact below 1e14.
 */
const CLAIM_SOURCE = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 'NOT_FOUND' end
local song = cjson.decode(raw)
if song.status ~= 'reserved' then return 'NOT_FOUND' end
local holder = redis.call('HGET', KEYS[2], ARGV[2])
if holder and holder ~= ARGV[1] then return 'CONFLICT' end
if redis.call('HGET', KEYS[2], song.sourceKey) == ARGV[1] then redis.call('HDEL', KEYS[2], song.sourceKey) end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
song.sourceKey = ARGV[2]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(song))
return 'OK'
`;

/** Replaces a song's record only while it still exists: a released song must not come back. */
const UPDATE = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`;

export interface ReservedSong {
  id: string;
  owner: string;
  sourceKey: string;
  status: 'reserved';
  reservedAt: number;
}

export interface ReadySong extends Omit<ReservedSong, 'status'> {
  status: 'ready';
  /** Relative to the user music dir, as MPD names it. */
  file: string;
  title: string;
  artist: string | null;
  durationSeconds: number;
}

export type SongRecord = ReservedSong | ReadySong;

export type ReserveOutcome = 'OK' | 'CONFLICT' | 'TOO_MANY';
export type ClaimSourceOutcome = 'OK' | 'CONFLICT' | 'NOT_FOUND';

/** The listeners' songs in Redis: id → record, a slot set per owner, and sourceKey → id. */
@Injectable()
export class SongStore {
  constructor(private readonly redis: QueueRedis) {}

  async reserve(song: ReservedSong, limit: number | undefined): Promise<ReserveOutcome> {
    const outcome = await this.redis.eval(
      RESERVE,
      3,
      OWNER_PREFIX + song.owner,
      SOURCES,
      SONGS,
      song.id,
      limit === undefined ? '' : String(limit),
      song.sourceKey,
      JSON.stringify(song),
    );
    return outcome as ReserveOutcome;
  }

  async claimSource(id: string, sourceKey: string): Promise<ClaimSourceOutcome> {
    return (await this.redis.eval(CLAIM_SOURCE, 2, SONGS, SOURCES, id, sourceKey)) as ClaimSourceOutcome;
  }

  /** False when the song is gone, or (with `onlyIf`) in another status. */
  async forget(id: string, onlyIf?: SongRecord['status']): Promise<boolean> {
    return (await this.redis.eval(FORGET, 2, SONGS, SOURCES, id, onlyIf ?? '')) === 1;
  }

  async update(song: SongRecord): Promise<boolean> {
    return (await this.redis.eval(UPDATE, 1, SONGS, song.id, JSON.stringify(song))) === 1;
  }

  async get(id: string): Promise<SongRecord | undefined> {
    const raw = await this.redis.hget(SONGS, id);
    return raw ? (JSON.parse(raw) as SongRecord) : undefined;
  }

  async all(): Promise<SongRecord[]> {
    return Object.values(await this.redis.hgetall(SONGS)).map((raw) => JSON.parse(raw) as SongRecord);
  }

  async slotsTaken(owner: string): Promise<number> {
    return this.redis.scard(OWNER_PREFIX + owner);
  }

  /** The owner's songs, in no particular order. */
  async ofOwner(owner: string): Promise<SongRecord[]> {
    const ids = await this.redis.smembers(OWNER_PREFIX + owner);
    if (ids.length === 0) return [];
    const raws = await this.redis.hmget(SONGS, ...ids);
    return raws.flatMap((raw) => (raw ? [JSON.parse(raw) as SongRecord] : []));
  }
}
