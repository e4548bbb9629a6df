import { randomUUID } from 'node:crypto';

import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { z } from 'zod';

import type { NowPlaying } from '../now-playing/now-playing.dto';
import { type NowPlayingRevision, NowPlayingService } from '../now-playing/now-playing.service';
import { NowPlayingEvents } from '../now-playing/now-playing-events';
import { GatewayRedis } from '../redis/redis.module';
import { LiveSets } from '../webhooks/live-sets';
import { StationEvents } from '../webhooks/station-events';
import { type HistoryEntry, historyEntrySchema } from './history.dto';

// Do not rename without a migration.
const HISTORY_KEY = 'h4k:history';
/** Entries kept at most (the API serves up to 200), and for at most 7 days. */
export const HISTORY_KEPT = 1000;
export const HISTORY_DAYS = 7;

/**
 * KEYS[1] the list (newest first); ARGV: the entry JSON (or '' to only close the one on air), its
 * key (tier and start), the count kept, the oldest start kept, the start (ends the play before). A
 * state with the head's key is the same play with more details: it updates the head, keeping its id
 * and whatever it knew that this report does not (another gateway may know the live DJ, this one
 * not). Returns {1 new | 0 update, json}.
 */
const RECORD_SCRIPT = `
local head = redis.call('LINDEX', KEYS[1], 0)
local decoded = head and cjson.decode(head)
if ARGV[1] ~= '' and decoded and decoded.key == ARGV[2] then
  local entry = cjson.decode(ARGV[1])
  for field, value in pairs(decoded) do
    if entry[field] == nil or entry[field] == cjson.null or field == 'id' then entry[field] = value end
  end
  local json = cjson.encode(entry)
  redis.call('LSET', KEYS[1], 0, json)
  return {0, json}
end
if decoded and decoded.endedAt == cjson.null then
  decoded.endedAt = ARGV[5]
  redis.call('LSET', KEYS[1], 0, cjson.encode(decoded))
end
if ARGV[1] == '' then return {0, ''} end
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[3]) - 1)
while true do
  local tail = redis.call('LINDEX', KEYS[1], -1)
  if not tail or cjson.decode(tail).startedAt >= ARGV[4] then break end
  redis.call('RPOP', KEYS[1])
end
return {1, ARGV[1]}
`;

/** As kept in Redis: with the key that tells a new play from more details of the one on air. */
const storedEntrySchema = historyEntrySchema.extend({ key: z.string() });

/**
 * What played, from the now-playing changes Liquidsoap reports: one entry per track or live set
 * (noise is not a play; it ends the one before). Each change is pushed on the now-playing event
 * stream; a new play and the station going off or back on air are also station events (webhooks).
 */
@Injectable()
export class HistoryService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(HistoryService.name);
  private subscription: Subscription | undefined;
  private lastTier: NowPlaying['tier'] | undefined;
  /** Writes in arrival order, so an update never overtakes the play it updates. */
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly redis: GatewayRedis,
    private readonly nowPlaying: NowPlayingService,
    private readonly stream: NowPlayingEvents,
    private readonly events: StationEvents,
    private readonly liveSets: LiveSets,
  ) {}

  onModuleInit(): void {
    this.lastTier = this.nowPlaying.get().tier;
    this.subscription = this.nowPlaying.changes.subscribe((revision) => {
      this.writes = this.writes
        .then(() => this.record(revision))
        .catch((error: unknown) => {
          this.logger.warn(`could not record history: ${String(error)}`);
        });
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  async list(limit: number): Promise<HistoryEntry[]> {
    const raw = await this.redis.lrange(HISTORY_KEY, 0, limit - 1);
    const cutoff = new Date(Date.now() - HISTORY_DAYS * 86_400_000).toISOString();
    return raw.flatMap((line) => {
      const parsed = storedEntrySchema.safeParse(JSON.parse(line));
      if (!parsed.success || parsed.data.startedAt < cutoff) return [];
      const { key: _key, ...entry } = parsed.data;
      return [entry];
    });
  }

  /** Resolves once this revision is stored (or failed to be): for tests. */
  settled(): Promise<void> {
    return this.writes;
  }

  private async record({ nowPlaying: state }: NowPlayingRevision): Promise<void> {
    this.announceAirChange(state);
    const live = state.tier === 'live' ? this.liveSets.current : null;
    const key = `${state.tier}|${state.since}`;
    const entry: HistoryEntry | null =
      state.tier === 'noise'
        ? null
        : {
            id: randomUUID(),
            tier: state.tier,
            title: state.title,
            artist: state.artist,
            submitter: state.submitter,
            show: state.tier === 'live' ? (live?.show ?? state.stream?.name ?? null) : null,
            dj: live?.dj ?? null,
            durationSeconds: state.durationSeconds,
            startedAt: state.since,
            endedAt: null,
          };
    const cutoff = new Date(Date.now() - HISTORY_DAYS * 86_400_000).toISOString();
    const [created, json] = (await this.redis.eval(
      RECORD_SCRIPT,
      1,
      HISTORY_KEY,
      entry ? JSON.stringify({ ...entry, key }) : '',
      key,
      String(HISTORY_KEPT),
      cutoff,
      state.since,
    )) as [number, string];
    if (!entry || !json) return;
    const parsed = storedEntrySchema.safeParse(JSON.parse(json));
    if (!parsed.success) return;
    const { key: _key, ...stored } = parsed.data;
    this.stream.announce('history', stored);
    if (created === 1) {
      const { id: _id, endedAt: _endedAt, ...data } = stored;
      this.events.emit('song.changed', data, key);
    }
  }

  private announceAirChange(state: NowPlaying): void {
    const was = this.lastTier;
    this.lastTier = state.tier;
    if (was === undefined || (was === 'noise') === (state.tier === 'noise')) return;
    if (state.tier === 'noise') this.events.emit('station.off_air', { since: state.since }, `off|${state.since}`);
    else this.events.emit('station.on_air', { since: state.since, tier: state.tier }, `on|${state.since}`);
  }
}
