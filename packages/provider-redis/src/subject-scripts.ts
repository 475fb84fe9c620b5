import { Script } from "./scripts.js";

/**
 * Index a key under a subject: KEYS = index, fence; ARGV = storage key, score (the time it was
 * added, application clock). Returns { entries in the index, the fence token or '' }.
 */
export const INDEX_ADD = new Script(`
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return {redis.call('ZCARD', KEYS[1]), redis.call('GET', KEYS[2]) or ''}
`);

/**
 * Drop index entries: KEYS = index; ARGV = highest score to drop, then storage keys. An entry
 * whose score is higher was (re)added since the caller looked, by a writer about to bind its
 * record, so it stays. Returns how many were dropped.
 */
export const INDEX_DROP = new Script(`
local max = tonumber(ARGV[1])
local dropped = 0
for i = 2, #ARGV do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score and tonumber(score) <= max then dropped = dropped + redis.call('ZREM', KEYS[1], ARGV[i]) end
end
return dropped
`);

/** Destroy a record only if it is bound to ARGV[1]: KEYS = record. Returns 1 when it destroyed one. */
export const DESTROY_BOUND = new Script(`
if redis.call('HGET', KEYS[1], 's') ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`);

/** Every subject script, for preloading. */
export const SUBJECT_SCRIPTS: readonly Script[] = [INDEX_ADD, INDEX_DROP, DESTROY_BOUND];
