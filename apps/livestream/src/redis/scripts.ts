/**
 * The Lua scripts that keep the slot and the accounting consistent. Each runs atomically in Redis,
 * so two services, a retry or 100 simultaneous DJs can never see a half-written state. Times are
 * passed in (ms) so the whole service reads one clock: the one its timers run on.
 */

/**
 * KEYS: slot, pending, session, used, max, kicked. ARGV: userId, maxSeconds, nowMs, leaseMs, minGrantMs,
 * usageTtlSeconds, pendingJson. Returns {'OK'|'FORBIDDEN'|'CONFLICT'|'KICKED', usedMs including a session in
 * progress}.
 */
const reserveSlot = `
local userId = ARGV[1]
if redis.call('EXISTS', KEYS[6]) == 1 then return {'KICKED', 0} end
redis.call('SET', KEYS[5], ARGV[2], 'EX', ARGV[6])
local used = tonumber(redis.call('GET', KEYS[4]) or '0')
local raw = redis.call('GET', KEYS[3])
if raw then
  local session = cjson.decode(raw)
  if session.userId == userId then
    used = used + math.max(0, tonumber(ARGV[3]) - session.chargedFrom)
  end
end
if tonumber(ARGV[2]) * 1000 - used < tonumber(ARGV[5]) then return {'FORBIDDEN', used} end
local owner = redis.call('GET', KEYS[1])
if owner and owner ~= userId then return {'CONFLICT', used} end
redis.call('SET', KEYS[1], userId, 'PX', ARGV[4])
redis.call('SET', KEYS[2], ARGV[7], 'PX', ARGV[4])
return {'OK', used}
`;

/**
 * KEYS: slot, session. ARGV: userId, sessionId, leaseMs. Extends the lease of the session on record, and
 * re-takes a lapsed slot (the DJ is still on air). Returns 1; 0 if another user holds the slot; -1 if that
 * session has ended, so a renewal racing the end of a session can never bring its slot back.
 */
const renewSlot = `
local raw = redis.call('GET', KEYS[2])
if not raw then return -1 end
local session = cjson.decode(raw)
if session.userId ~= ARGV[1] or session.id ~= ARGV[2] then return -1 end
local owner = redis.call('GET', KEYS[1])
if owner and owner ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1
`;

/** KEYS: slot, pending. ARGV: userId. Drops a grant that never connected (admin kick); compare-and-delete. */
const releaseSlot = `
local released = 0
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]); released = 1 end
local pending = redis.call('GET', KEYS[2])
if pending and cjson.decode(pending).userId == ARGV[1] then redis.call('DEL', KEYS[2]); released = 1 end
return released
`;

/**
 * KEYS: slot, pending, session. ARGV: userId, sessionJson, leaseMs. Turns the user's pending grant into
 * the session on air. Returns 1, or 0 if the grant is gone or the slot belongs to someone else.
 */
const startSession = `
local pending = redis.call('GET', KEYS[2])
if not pending or cjson.decode(pending).userId ~= ARGV[1] then return 0 end
local owner = redis.call('GET', KEYS[1])
if owner and owner ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
redis.call('SET', KEYS[3], ARGV[2])
redis.call('DEL', KEYS[2])
return 1
`;

/**
 * KEYS: session, slot, pending, used. ARGV: userId, sessionId, chargeUntilMs, usageTtlSeconds.
 * Charges the session and clears it; frees the slot only if that user owns it and has no fresh grant
 * (a DJ reconnecting after a hiccup re-authorizes before the old disconnect arrives).
 * Returns the charged ms, or -1 if that session is not the one on record (already ended).
 */
const endSession = `
local raw = redis.call('GET', KEYS[1])
if not raw then return -1 end
local session = cjson.decode(raw)
if session.userId ~= ARGV[1] or session.id ~= ARGV[2] then return -1 end
local charged = math.floor(math.max(0, tonumber(ARGV[3]) - session.chargedFrom))
redis.call('INCRBY', KEYS[4], charged)
redis.call('EXPIRE', KEYS[4], ARGV[4])
redis.call('DEL', KEYS[1])
local pending = redis.call('GET', KEYS[3])
local regranted = pending and cjson.decode(pending).userId == ARGV[1]
if not regranted and redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return charged
`;

/**
 * KEYS: used, max, session, kicked. ARGV: userId, nowMs, usageTtlSeconds. Zeroes the user's usage and lifts
 * a kick; a session in progress is charged from now on. Returns 1 if the user is on air, 0 if not, -1 if the
 * user is unknown.
 */
const resetUsage = `
local raw = redis.call('GET', KEYS[3])
local session = raw and cjson.decode(raw)
local live = session and session.userId == ARGV[1]
local known = redis.call('EXISTS', KEYS[1], KEYS[2], KEYS[4]) > 0
if not live and not known then return -1 end
redis.call('DEL', KEYS[4])
redis.call('SET', KEYS[1], 0, 'EX', ARGV[3])
if not live then return 0 end
session.chargedFrom = tonumber(ARGV[2])
redis.call('SET', KEYS[3], cjson.encode(session))
return 1
`;

export const LUA_SCRIPTS = {
  reserveSlot: { numberOfKeys: 6, lua: reserveSlot },
  renewSlot: { numberOfKeys: 2, lua: renewSlot },
  releaseSlot: { numberOfKeys: 2, lua: releaseSlot },
  startSession: { numberOfKeys: 3, lua: startSession },
  endSession: { numberOfKeys: 4, lua: endSession },
  resetUsage: { numberOfKeys: 4, lua: resetUsage },
} as const;

type Arg = string | number;

/** The commands `defineCommand` adds, typed as Redis answers them. */
export interface LivestreamCommands {
  reserveSlot(...keysThenArgs: Arg[]): Promise<[string, number]>;
  renewSlot(...keysThenArgs: Arg[]): Promise<number>;
  releaseSlot(...keysThenArgs: Arg[]): Promise<number>;
  startSession(...keysThenArgs: Arg[]): Promise<number>;
  endSession(...keysThenArgs: Arg[]): Promise<number>;
  resetUsage(...keysThenArgs: Arg[]): Promise<number>;
}
