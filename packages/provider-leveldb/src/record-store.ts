import { SessError, SessErrorCode } from "@sess/core/provider";
import { indexKey } from "./expiry-index.js";
import type { LevelDatabase } from "./options.js";
import { decodeHeader, type RecordHeader } from "./record-codec.js";
import { NAME, report } from "./store-errors.js";

function namespaceOf(db: LevelDatabase, namespace: string) {
  return db.sublevel<string, string>(namespace, { keyEncoding: "utf8", valueEncoding: "utf8" });
}
type Space = ReturnType<typeof namespaceOf>;
type Operation = { type: "put"; key: string; value: string } | { type: "del"; key: string };

const UTF8 = { keyEncoding: "utf8", valueEncoding: "utf8" } as const;

// Records and index entries share the namespace's sublevel under two prefixes, so one batch on it covers both.
const RECORD = "r:";
/** The prefix of index entries in the namespace. */
export const INDEX = "x:";
// Subject entries `u:<subject as UTF-8 hex>:<key>`: hex has no ":", so no subject's range holds another's.
const SUBJECT = "u:";

function subjectPrefix(subject: string): string {
  return `${SUBJECT}${Buffer.from(subject, "utf8").toString("hex")}:`;
}
/** The bounds of the record range: every key that starts with "r:". */
const RECORDS = { gte: RECORD, lt: "r;" } as const;

/** A key-only iterator read in chunks. */
export interface KeyChunks {
  /** Up to `size` keys; an empty array at the end. */
  nextv(size: number): Promise<string[]>;
  /** Releases the iterator's snapshot. */
  close(): Promise<void>;
}

/** What is stored under a key: nothing, a value that is not ours, or a record. */
export type Stored = { kind: "absent" } | { kind: "foreign"; reason: string } | { kind: "record"; header: RecordHeader };

/**
 * The namespace's sublevel holds one value per session under `r:<key>` and the
 * expiry index under `x:<expiry><key>`. Every change to a record and its index entry goes in one batch,
 * so LevelDB applies both or neither, and the counter of stored records moves only
 * after the batch is written. Callers hold the key's mutex.
 */
export class RecordStore {
  readonly #space: Space;
  /** The root database and the namespace's full key prefix: hot-path reads and batches go to the root directly, one layer of key rewriting fewer. */
  readonly #root: LevelDatabase;
  readonly #prefix: string;
  // `sync` is classic-level's: the sublevel hands batch options up to the database unchanged.
  readonly #writeOptions: { keyEncoding: "utf8"; valueEncoding: "utf8"; sync: boolean };
  readonly #onError: (err: SessError) => void;
  readonly #syncReads: boolean;
  /** Values stored in `r`, whatever they hold; exact because one process owns the namespace and every change runs under the key's mutex. */
  #stored = 0;

  constructor(db: LevelDatabase, namespace: string, durable: boolean, syncReads: boolean, onError: (err: SessError) => void) {
    this.#space = namespaceOf(db, namespace);
    this.#root = this.#space.db;
    this.#prefix = this.#space.prefix;
    this.#writeOptions = { keyEncoding: "utf8", valueEncoding: "utf8", sync: durable };
    this.#onError = onError;
    this.#syncReads = syncReads;
  }

  /** The index entries (without their prefix) whose time is before `bound`, in expiry order, for the GC pass. */
  indexBefore(bound: string): KeyChunks {
    return this.#space.keys({ gte: INDEX, lt: INDEX + bound });
  }

  /** Values stored, live or expired, as counted at open and kept since. */
  get stored(): number {
    return this.#stored;
  }

  /** Counts the stored values with a key-only scan: nothing is decoded. */
  async countStored(): Promise<void> {
    const keys = this.#space.keys(RECORDS);
    let n = 0;
    try {
      for (let chunk = await keys.nextv(4096); chunk.length > 0; chunk = await keys.nextv(4096)) n += chunk.length;
    } finally {
      await keys.close();
    }
    this.#stored = n;
  }

  /** Writes `ops` (keys relative to the namespace) as one batch on the root database. */
  async #write(ops: Operation[]): Promise<void> {
    for (const op of ops) op.key = this.#prefix + op.key;
    await this.#root.batch(ops, this.#writeOptions);
  }

  /** The raw value under `key`, or undefined. */
  async raw(key: string): Promise<string | undefined> {
    // A lookup LevelDB answers from its caches takes a microsecond or two; the async form pays a thread-pool round trip.
    const full = this.#prefix + RECORD + key;
    return this.#syncReads ? this.#root.getSync(full, UTF8) : this.#root.get(full, UTF8);
  }

  /** What is stored under `key`; a foreign value is reported to onError. */
  async load(key: string): Promise<Stored> {
    return this.classify(key, await this.raw(key));
  }

  /** Classifies a raw value; a foreign value is reported to onError. */
  classify(key: string, value: string | undefined): Stored {
    if (value === undefined) return { kind: "absent" };
    const header = decodeHeader(value);
    if (typeof header !== "string") return { kind: "record", header };
    this.corrupt(key, header);
    return { kind: "foreign", reason: header };
  }

  /** Reports a value that is not a sess record; it reads as absent. */
  corrupt(key: string, reason: string): void {
    report(this.#onError, new SessError(SessErrorCode.DECODE_FAILED, `the value stored for session ${key.slice(0, 12)}… is unreadable (${reason}); it reads as absent`, { source: NAME }));
  }

  /** The storage keys of `subject`'s entries (live or not), read key-only. */
  async subjectKeys(subject: string): Promise<string[]> {
    const prefix = subjectPrefix(subject);
    const keys = this.#space.keys({ gte: prefix, lt: `${prefix.slice(0, -1)};` });
    const out: string[] = [];
    try {
      for (let chunk = await keys.nextv(1024); chunk.length > 0; chunk = await keys.nextv(1024)) {
        for (const entry of chunk) out.push(entry.slice(prefix.length));
      }
    } finally {
      await keys.close();
    }
    return out;
  }

  /** Removes `subject`'s entry for `key`, found stale (the record is gone or bound elsewhere). */
  async dropSubjectEntry(subject: string, key: string): Promise<void> {
    await this.#write([{ type: "del", key: subjectPrefix(subject) + key }]);
  }

  /** Stores `value` (bound to `subject`) at `key` expiring at `expiresAt`, replacing `before` (what the caller loaded) and its entries. */
  async put(key: string, value: string, expiresAt: number, before: Stored, subject: string | undefined): Promise<void> {
    const next = indexKey(expiresAt, key);
    const ops: Operation[] = [{ type: "put", key: RECORD + key, value }];
    if (before.kind === "record") {
      const previous = indexKey(before.header.expiresAt, key);
      if (previous !== next) ops.push({ type: "del", key: INDEX + previous });
      const was = before.header.subject;
      if (was !== undefined && was !== subject) ops.push({ type: "del", key: subjectPrefix(was) + key });
    }
    ops.push({ type: "put", key: INDEX + next, value: "" });
    if (subject !== undefined) ops.push({ type: "put", key: subjectPrefix(subject) + key, value: "" });
    await this.#write(ops);
    if (before.kind === "absent") this.#stored++;
  }

  /** Removes `key` (holding `before`) and its index entry, plus `staleEntry` when GC found one that no longer matches. */
  async remove(key: string, before: Stored, staleEntry?: string): Promise<void> {
    const ops: Operation[] = [];
    if (before.kind !== "absent") ops.push({ type: "del", key: RECORD + key });
    if (before.kind === "record") {
      ops.push({ type: "del", key: INDEX + indexKey(before.header.expiresAt, key) });
      if (before.header.subject !== undefined) ops.push({ type: "del", key: subjectPrefix(before.header.subject) + key });
    }
    if (staleEntry !== undefined) ops.push({ type: "del", key: INDEX + staleEntry });
    if (ops.length === 0) return;
    await this.#write(ops);
    if (before.kind !== "absent") this.#stored--;
  }

  /** Moves the record `from` (holding `header`) to `to` (holding `displaced`) in one batch. */
  async move(from: string, header: RecordHeader, to: string, displaced: Stored, value: string): Promise<void> {
    const ops: Operation[] = [
      { type: "del", key: RECORD + from },
      { type: "del", key: INDEX + indexKey(header.expiresAt, from) },
    ];
    if (displaced.kind === "record") {
      ops.push({ type: "del", key: INDEX + indexKey(displaced.header.expiresAt, to) });
      if (displaced.header.subject !== undefined) ops.push({ type: "del", key: subjectPrefix(displaced.header.subject) + to });
    }
    ops.push({ type: "put", key: RECORD + to, value }, { type: "put", key: INDEX + indexKey(header.expiresAt, to), value: "" });
    if (header.subject !== undefined) {
      ops.push({ type: "del", key: subjectPrefix(header.subject) + from }, { type: "put", key: subjectPrefix(header.subject) + to, value: "" });
    }
    await this.#write(ops);
    if (displaced.kind !== "absent") this.#stored--;
  }
}
