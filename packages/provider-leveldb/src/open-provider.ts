import { mkdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { SessError, SessErrorCode, type ProviderOptions } from "@sess/core/provider";
import { ClassicLevel } from "classic-level";
import { LeveldbProvider } from "./leveldb-provider.js";
import { resolveOptions, type LeveldbProviderOptions, type LevelDatabase } from "./options.js";
import { RecordStore } from "./record-store.js";
import { NAME, invalidConfig, levelCodes, unavailable } from "./store-errors.js";

// Directories this process has open through the provider, shared by every copy of this module: a second
// LevelDB open of a directory in the same process fails, but LevelDB closes a descriptor of the LOCK file
// on the way out, which drops the process's POSIX lock and would let another process open it meanwhile.
const OPEN_DIRS = Symbol.for("@sess/provider-leveldb/open-directories");
const openDirs = ((globalThis as Record<symbol, unknown>)[OPEN_DIRS] ??= new Set<string>()) as Set<string>;

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
  try {
    if (!ownsDb) await openGiven(db);
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
    });
  } catch (err) {
    if (opened) await db.close().catch(() => undefined);
    opened?.release();
    throw err;
  }
}

/** Opens the provider's own database, turning LevelDB's failures into errors that name the path. */
async function openDirectory(dir: string): Promise<{ db: LevelDatabase; release: () => void }> {
  const found = await stat(dir).catch(() => undefined);
  if (found && !found.isDirectory()) throw invalidConfig(`cannot use ${dir} as the LevelDB directory: it is not a directory`);
  try {
    await mkdir(path.dirname(dir), { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new SessError(SessErrorCode.STORE_UNAVAILABLE, `cannot create the parent directory of ${dir}`, { source: NAME, cause: err });
  }
  const real = path.join(await realpath(path.dirname(dir)), path.basename(dir));
  if (openDirs.has(real)) {
    throw new SessError(
      SessErrorCode.STORE_UNAVAILABLE,
      `the LevelDB directory ${dir} is locked (${path.join(dir, "LOCK")}): this process already has it open through another provider; close that one first or share it`,
      { source: NAME },
    );
  }
  openDirs.add(real);
  const db = new ClassicLevel<string, string>(dir, { createIfMissing: true });
  try {
    await db.open();
  } catch (err) {
    openDirs.delete(real);
    throw openFailure(err, dir);
  }
  return { db, release: () => openDirs.delete(real) };
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
