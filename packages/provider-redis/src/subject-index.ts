import { createHash, randomBytes } from "node:crypto";
import { SessError, SessErrorCode, isStorageKey, type SubjectSession } from "@sess/core/provider";
import type { Cluster, Redis } from "ioredis";
import { decodeRecord, encodeString } from "./record-codec.js";
import { DESTROY_BOUND, INDEX_ADD, INDEX_DROP } from "./subject-scripts.js";

/** Runs one backend call with the provider's deadline and error mapping. */
export type Call = <T>(what: string, work: () => Promise<T>) => Promise<T>;

/** An index this size is pruned of stale entries when a session is bound to its subject. */
const PRUNE_AT = 32;
/** Revoke-all gives up (rejecting) when sessions keep moving for this many rounds. */
const MAX_ROUNDS = 20;

/**
 * Each subject's sessions: a sorted set `<prefix>subject:{<digest>}` of storage keys, scored by
 * when they were added. Records live in other hash slots, so the set is a superset kept in
 * order with them rather than atomically: a key is added before its record is bound (so a bound
 * record is always indexed), and listing and revoking check each record's own subject field.
 * Stale entries (record gone, expired or rebound) are dropped once older than `graceMs`, so a
 * writer between adding its entry and binding its record never loses the entry.
 */
export class SubjectIndex {
  readonly #client: Redis | Cluster;
  readonly #prefix: string;
  readonly #now: () => number;
  readonly #graceMs: number;
  readonly #call: Call;

  constructor(client: Redis | Cluster, prefix: string, now: () => number, graceMs: number, call: Call) {
    this.#client = client;
    this.#prefix = prefix;
    this.#now = now;
    this.#graceMs = graceMs;
    this.#call = call;
  }

  /** The sorted set of `subject`'s keys; the digest is its hash tag, so the fence shares its slot. */
  indexKey(subject: string): string {
    return `${this.#prefix}subject:{${digest(subject)}}`;
  }

  /** Indexes `key` under `subject` before its record is bound; resolves the subject's fence token ('' when none). */
  async add(subject: string, key: string): Promise<string> {
    const reply = (await this.#call("index", () =>
      INDEX_ADD.run(this.#client, [this.indexKey(subject), this.#fenceKey(subject)], [key, this.#now()]),
    )) as [number, string];
    if (reply[0] > PRUNE_AT) await this.#prune(subject);
    return reply[1];
  }

  /** The subject's fence token now: it changes whenever a revoke-all of the subject starts or ends. */
  fence(subject: string): Promise<string> {
    return this.#call("index", async () => (await this.#client.get(this.#fenceKey(subject))) ?? "");
  }

  /** The live records bound to `subject`; stale entries met on the way are dropped. */
  async list(subject: string): Promise<SubjectSession[]> {
    const entries = await this.#entries(subject);
    const keys = [...entries.keys()];
    const replies = await this.#call("listSubject", () => Promise.all(keys.map((key) => this.#client.hgetall(this.#prefix + key))));
    const now = this.#now();
    const out: SubjectSession[] = [];
    const stale: string[] = [];
    for (const [i, key] of keys.entries()) {
      const record = decodeRecord(replies[i], now);
      if (record?.subject === subject) out.push({ key, record });
      else if (entries.get(key)! <= now - this.#graceMs) stale.push(key);
    }
    await this.#drop(subject, stale, now - this.#graceMs);
    return out;
  }

  /**
   * Destroys every record bound to `subject` except `exceptKey`. Each round destroys what the
   * index lists (a per-record script that checks the record's subject), then lists again; it
   * stops once a round destroyed nothing and the index gained no key, so a session a regenerate
   * moved meanwhile (its new key is indexed before the move) is caught by the next round.
   */
  async destroyAll(subject: string, exceptKey: string | undefined, fenced: boolean): Promise<number> {
    if (fenced) await this.#renewFence(subject);
    const stored = encodeString(subject);
    const destroyed = new Set<string>();
    let listing = await this.#entries(subject);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const targets = [...listing.keys()].filter((key) => key !== exceptKey && !destroyed.has(key));
      const results = await this.#call("destroySubject", () =>
        Promise.all(targets.map((key) => DESTROY_BOUND.run(this.#client, [this.#prefix + key], [stored]))),
      );
      const hit = targets.filter((_, i) => results[i] === 1);
      for (const key of hit) destroyed.add(key);
      await this.#drop(subject, hit, Math.max(0, ...hit.map((key) => listing.get(key)!)));
      const next = await this.#entries(subject);
      const grew = [...next.keys()].some((key) => !listing.has(key));
      listing = next;
      if (hit.length === 0 && !grew) {
        // A cross-slot regenerate that took its record before this revoke began checks the fence after restoring it.
        if (fenced) await this.#renewFence(subject);
        return destroyed.size;
      }
    }
    throw new SessError(SessErrorCode.STORE_UNAVAILABLE, `revoking a subject's sessions did not settle in ${MAX_ROUNDS} rounds`, { source: "redis" });
  }

  /** Entries as storage key → score; anything that is not a storage key is ignored. */
  async #entries(subject: string): Promise<Map<string, number>> {
    const flat = await this.#call("listSubject", () => this.#client.zrange(this.indexKey(subject), "0", "-1", "WITHSCORES"));
    const entries = new Map<string, number>();
    for (let i = 0; i + 1 < flat.length; i += 2) if (isStorageKey(flat[i])) entries.set(flat[i]!, Number(flat[i + 1]));
    return entries;
  }

  async #prune(subject: string): Promise<void> {
    const threshold = this.#now() - this.#graceMs;
    const old = await this.#call("index", () => this.#client.zrangebyscore(this.indexKey(subject), "-inf", String(threshold), "LIMIT", 0, PRUNE_AT));
    const keys = old.filter((key) => isStorageKey(key));
    const bound = await this.#call("index", () => Promise.all(keys.map((key) => this.#client.hget(this.#prefix + key, "s"))));
    const stored = encodeString(subject);
    await this.#drop(subject, keys.filter((_, i) => bound[i] !== stored), threshold);
  }

  async #drop(subject: string, keys: readonly string[], maxScore: number): Promise<void> {
    if (keys.length === 0) return;
    await this.#call("index", () => INDEX_DROP.run(this.#client, [this.indexKey(subject)], [maxScore, ...keys]));
  }

  async #renewFence(subject: string): Promise<void> {
    const token = randomBytes(12).toString("base64url");
    await this.#call("destroySubject", () => this.#client.set(this.#fenceKey(subject), token, "PX", 24 * 3_600_000));
  }

  #fenceKey(subject: string): string {
    return `${this.indexKey(subject)}:fence`;
  }
}

function digest(subject: string): string {
  return createHash("sha256").update(subject).digest("hex").slice(0, 40);
}
