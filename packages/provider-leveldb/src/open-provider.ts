import { mkdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { SessError, SessErrorCode, type ProviderOptions } from "@sess/core/provider";
import { ClassicLevel } from "classic-level";
import { LeveldbProvider } from "./leveldb-provider.js";
import { resolveOptions, type LeveldbProviderOptions, type LevelDatabase } from "./options.js";
import { RecordStore } from "./record-store.js";
import { NAME, invalidConfig, levelCodes, unavailable } from "./store-errors.js";

/** Who holds a directory in this process: a database passed as db (or a token for one the provider opened), and how many providers use it. */
interface Holder {
  owner: object;
  users: number;
}

// Directories this process has open through the provider (opened from a path, or passed as { db }), by the
// real path of the directory itself, shared by every copy of this module. A second LevelDB open of a
// directory in this process must never reach LevelDB: by another spelling (a symlink) it succeeds and two
// databases overwrite each other's files; by the same one LevelDB refuses, but closes a descriptor of the
// LOCK file on the way out, which drops the process's POSIX lock and lets another process open it.
const OPEN_DIRS = Symbol.for("@sess/provider-leveldb/directory-holders");
const holders = ((globalThis as Record<symbol, unknown>)[OPEN_DIRS] ??= new Map<string, Holder>()) as Map<string, Holder>;

// Namespaces in use per database object: two providers on one namespace would keep two counters and two lock tables.
const inUse = new WeakMap<object, Set<string>>();

/**
 * Opens a LevelDB provider: opens (or creates) the database at `path`, or takes the
 * open database passed as `db`, and counts the stored records with a key-only scan.
 * A directory another process holds rejects STORE_UNAVAILABLE naming its LOCK file.
 */
export async function leveldbProvider(options: ProviderOptions | LeveldbProviderOptions | string): Promise<LeveldbProvider> {
  const opts = resolveOptions(options);
  const ownsDb = opts.db === undefined;
  const opened = opts.db === undefined ? await openDirectory(opts.path!) : undefined;
  const db = opened?.db ?? opts.db!;
  let releaseGiven: (() => void) | undefined;
  try {
    if (!ownsDb) {
      await openGiven(db);
      releaseGiven = await claimGiven(db);
    }
    const names = inUse.get(db) ?? new Set<string>();
    if (names.has(opts.namespace)) {
      throw invalidConfig(`namespace "${opts.namespace}" of this database is already used by another open provider; give each its own namespace`);
    }
    const store = new RecordStore(db, opts.namespace, opts.durable, opts.syncReads, opts.onError);
    try {
      await store.countStored();
    } catch (err) {
      throw unavailable(err, `counting the sessions in ${where(db)}`);
    }
    names.add(opts.namespace);
    inUse.set(db, names);
    return new LeveldbProvider(db, ownsDb, opts, store, () => {
      names.delete(opts.namespace);
      opened?.release();
      releaseGiven?.();
    });
  } catch (err) {
    if (opened) await db.close().catch(() => undefined);
    opened?.release();
    releaseGiven?.();
    throw err;
  }
}

/**
 * Records `owner` as the holder of the directory whose real path is `real`; the same owner may
 * claim it again (providers on one database, each with its own namespace). Returns the release,
 * which frees only this claim, and only once.
 */
function claim(real: string, owner: object, shown: string): () => void {
  const current = holders.get(real);
  if (current && current.owner !== owner) throw heldHere(shown);
  const holder = current ?? { owner, users: 0 };
  holder.users++;
  holders.set(real, holder);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holder.users === 0 && holders.get(real) === holder) holders.delete(real);
  };
}

/** Claims the directory of a database the application passed, so a provider given its path is refused. */
async function claimGiven(db: LevelDatabase): Promise<(() => void) | undefined> {
  if (typeof db.location !== "string") return undefined;
  const real = await realpath(db.location).catch(() => undefined);
  return real === undefined ? undefined : claim(real, db, db.location);
}

function heldHere(dir: string): SessError {
  return new SessError(
    SessErrorCode.STORE_UNAVAILABLE,
    `the LevelDB directory ${dir} is locked (${path.join(dir, "LOCK")}): this process already has it open (through another provider, a symlink, or a database passed as db); close that one first or share it`,
    { source: NAME },
  );
}

/** Opens the provider's own database, turning LevelDB's failures into errors that name the path. */
async function openDirectory(dir: string): Promise<{ db: LevelDatabase; release: () => void }> {
  const found = await stat(dir).catch(() => undefined);
  if (found && !found.isDirectory()) throw invalidConfig(`cannot use ${dir} as the LevelDB directory: it is not a directory`);
  let real: string;
  try {
    // The directory itself, so its real path names it however it is spelled (a symlink, `..`).
    await mkdir(dir, { recursive: true, mode: 0o700 });
    real = await realpath(dir);
  } catch (err) {
    throw new SessError(SessErrorCode.STORE_UNAVAILABLE, `cannot create the LevelDB directory ${dir}`, { source: NAME, cause: err });
  }
  // Claimed before the database exists: abstract-level opens a new database on the next tick by itself.
  const release = claim(real, {}, dir);
  const db = new ClassicLevel<string, string>(dir, { createIfMissing: true });
  try {
    await db.open();
  } catch (err) {
    release();
    throw openFailure(err, dir);
  }
  return { db, release };
}

/** Waits for a database the application passed (it may still be opening); a closed one is a configuration error. */
async function openGiven(db: LevelDatabase): Promise<void> {
  if (db.status === "closing" || db.status === "closed") {
    throw invalidConfig(`the database passed as db (${where(db)}) is ${db.status}; pass an open database`);
  }
  try {
    await db.open();
  } catch (err) {
    throw openFailure(err, where(db));
  }
}

function where(db: LevelDatabase): string {
  return typeof db.location === "string" ? db.location : "the given database";
}

/** A clear error for a failed open: above all the lock another process (or this one) holds. */
function openFailure(err: unknown, dir: string): SessError {
  const codes = levelCodes(err);
  const detail = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
  if (codes.includes("LEVEL_LOCKED")) {
    const holder = /already held by process/.test(detail) ? "this process already has it open (another provider or db)" : "another process holds it";
    return new SessError(
      SessErrorCode.STORE_UNAVAILABLE,
      `the LevelDB directory ${dir} is locked (${path.join(dir, "LOCK")}): ${holder}. One process owns a LevelDB directory; to share sessions between processes use the file, Redis or MySQL provider`,
      { source: NAME, cause: err },
    );
  }
  if (codes.includes("LEVEL_CORRUPTION")) {
    return new SessError(SessErrorCode.STORE_UNAVAILABLE, `the LevelDB database at ${dir} is corrupt (${detail}); ClassicLevel.repair(path) may recover it`, { source: NAME, cause: err });
  }
  return new SessError(SessErrorCode.STORE_UNAVAILABLE, `cannot open the LevelDB database at ${dir}: ${detail}`, { source: NAME, cause: err });
}
