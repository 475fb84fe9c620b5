import { createHash } from "node:crypto";
import type { Cluster, Redis } from "ioredis";

/** The Buffer-replying EVAL methods ioredis defines at run time but does not type. */
interface BufferEvals {
  evalshaBuffer(sha: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
  evalBuffer(lua: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
}

/** A Lua script run by EVALSHA, falling back to EVAL when the server has not cached it. */
export class Script {
  /** The script body. */
  readonly lua: string;
  /** SHA-1 of the body, as EVALSHA wants it. */
  readonly sha: string;

  constructor(lua: string) {
    this.lua = lua;
    this.sha = createHash("sha1").update(lua).digest("hex");
  }

  /** Runs the script: one command (EVALSHA), two only right after the server lost its script cache. */
  async run(client: Redis | Cluster, keys: readonly string[], args: ReadonlyArray<string | number>, buffers = false): Promise<unknown> {
    // callBuffer("EVALSHA", …) is misrouted by ioredis's Cluster auto-pipelining (the server sees the
    // SHA as the command name); the dedicated evalshaBuffer/evalBuffer methods are routed correctly.
    const send = (cmd: "EVALSHA" | "EVAL", ...a: Array<string | number>): Promise<unknown> => {
      if (!buffers) return client.call(cmd, ...a);
      const [body, n, ...rest] = a as [string, number, ...Array<string | number>];
      const evals = client as unknown as BufferEvals;
      return cmd === "EVALSHA" ? evals.evalshaBuffer(body, n, ...rest) : evals.evalBuffer(body, n, ...rest);
    };
    try {
      return await send("EVALSHA", this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error && err.message.startsWith("NOSCRIPT"))) throw err;
      return await send("EVAL", this.lua, keys.length, ...keys, ...args);
    }
  }
}

/**
 * write: ARGV = isNew, clear, expiresAt, createdAt, milliseconds left until expiresAt
 * on the application's clock, subject change ('k' keep, 'u' unbind, 'b' bind to ARGV[7]),
 * the subject (or '-'; no argument is ever empty: an empty one broke pipelining under Cluster), number of deleted fields, the deleted fields, then field/value pairs to set.
 * Returns 0 (nothing written: not new and absent) or 1.
 */
export const WRITE = new Script(`
local key = KEYS[1]
-- Live on the application's clock (now = expiresAt - time left), not only by Redis's TTL:
-- the clock rule. A record dead on that clock is removed, never merged into or revived.
local e = redis.call('HGET', key, 'e')
local live = e ~= false and tonumber(e) > tonumber(ARGV[3]) - tonumber(ARGV[5])
if e ~= false and not live then redis.call('DEL', key) end
if not live and ARGV[1] ~= '1' then return 0 end
local created = ARGV[4]
local subject = false
if ARGV[6] == 'b' then subject = ARGV[7] end
if live and ARGV[2] == '1' then
  created = redis.call('HGET', key, 'c') or created
  if ARGV[6] == 'k' then subject = redis.call('HGET', key, 's') end
  redis.call('DEL', key)
  live = false
end
if ARGV[6] == 'u' and live then redis.call('HDEL', key, 's') end
local n = tonumber(ARGV[8])
local i = 9
while i < 9 + n do
  local last = math.min(i + 999, 8 + n)
  redis.call('HDEL', key, unpack(ARGV, i, last))
  i = last + 1
end
local batch = {'e', ARGV[3]}
if not live then batch[3] = 'c'; batch[4] = created end
if subject then batch[#batch + 1] = 's'; batch[#batch + 1] = subject end
for j = i, #ARGV do
  batch[#batch + 1] = ARGV[j]
  if #batch >= 2000 and #batch % 2 == 0 then redis.call('HSET', key, unpack(batch)); batch = {} end
end
if #batch > 0 then redis.call('HSET', key, unpack(batch)) end
redis.call('PEXPIRE', key, ARGV[5])
return 1
`);

/** touch: ARGV = expiresAt, milliseconds left until it. Returns 0 when absent or expired on the application's clock, else 1. */
export const TOUCH = new Script(`
local e = redis.call('HGET', KEYS[1], 'e')
if e == false or tonumber(e) <= tonumber(ARGV[1]) - tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'e', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`);

/**
 * regenerate on one node: KEYS = old, new; ARGV = '=' followed by the subject the caller indexed
 * the new key under ('=' alone for none). RENAME keeps fields and TTL. A record bound to another subject is not
 * moved: the reply { 2, subject } asks the caller to index the new key first and call again.
 */
export const MOVE = new Script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local s = '=' .. (redis.call('HGET', KEYS[1], 's') or '')
if s ~= ARGV[1] then return {2, s} end
redis.call('RENAME', KEYS[1], KEYS[2])
return 1
`);

/**
 * First half of a cross-slot regenerate: removes the key and returns { DUMP, expiresAt }, or nil
 * when absent; like MOVE, { 2, subject } (nothing taken) when the record's subject is not ARGV[1].
 */
export const TAKE = new Script(`
local e = redis.call('HGET', KEYS[1], 'e')
if not e then return false end
local s = '=' .. (redis.call('HGET', KEYS[1], 's') or '')
if s ~= ARGV[1] then return {2, s} end
local dump = redis.call('DUMP', KEYS[1])
redis.call('DEL', KEYS[1])
return {dump, e}
`);

/** Every script the provider runs. */
export const ALL_SCRIPTS: readonly Script[] = [WRITE, TOUCH, MOVE, TAKE];

/**
 * Caches the scripts on every node up front (SCRIPT LOAD), so the first write after
 * opening is one EVALSHA too. Best effort: EVALSHA falls back to EVAL anyway.
 */
export async function preloadScripts(nodes: ReadonlyArray<Redis>, extra: readonly Script[] = []): Promise<void> {
  await Promise.all(nodes.flatMap((node) => [...ALL_SCRIPTS, ...extra].map((script) => node.script("LOAD", script.lua).catch(() => undefined))));
}
