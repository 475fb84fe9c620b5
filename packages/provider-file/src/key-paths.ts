import { createHash, randomBytes } from "node:crypto";
import { lstat, mkdir } from "node:fs/promises";
import path from "node:path";
import { assertStorageKey } from "@sess/core/provider";
import { NAME, hasCode, unsafePath } from "./fs-errors.js";

/**
 * Maps validated storage keys to paths under one real root:
 * `<root>/<k0k1>/<key>.json` at shard depth 1, `<root>/<k0k1>/<k2k3>/<key>.json` at 2. Names come only from the
 * key (64 hex digits, checked by `assertStorageKey`), and every path is checked
 * to resolve under the root before it is used.
 */
export class KeyPaths {
  readonly #root: string;
  readonly #depth: number;
  readonly #dirMode: number;

  /** `root` must already be a real path (no links), as `realpath` returns it. */
  constructor(root: string, depth: number, dirMode: number) {
    this.#root = root;
    this.#depth = depth;
    this.#dirMode = dirMode;
  }

  /** The real root directory. */
  get root(): string {
    return this.#root;
  }

  /** The shard directories of `key`, outermost first (empty at depth 0). Validates the key. */
  levels(key: string): string[] {
    assertStorageKey(key, NAME);
    const out: string[] = [];
    let dir = this.#root;
    for (let i = 0; i < this.#depth; i++) {
      dir = path.join(dir, key.slice(i * 2, i * 2 + 2));
      out.push(this.#inside(dir));
    }
    return out;
  }

  /** The directory that holds `key`'s files. */
  shard(key: string): string {
    return this.levels(key).at(-1) ?? this.#root;
  }

  /** The record file. */
  record(key: string): string {
    return this.#inside(path.join(this.shard(key), `${key}.json`));
  }

  /** The per-session lock file. */
  lock(key: string): string {
    return this.#inside(path.join(this.shard(key), `${key}.lock`));
  }

  /** A fresh temporary file name beside the record: `.<key>.<pid>.<random>.tmp`. */
  temp(key: string): string {
    return this.#inside(path.join(this.shard(key), `.${key}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`));
  }

  /** Where a corrupt record is moved: `<key>.corrupt-<ts>`. */
  quarantine(key: string, at: number): string {
    return this.#inside(path.join(this.shard(key), `${key}.corrupt-${at}`));
  }

  /** The directory of `subject`'s index entries: `<root>/subjects/<sha256(subject)>`. */
  subjectDir(subject: string): string {
    return this.#inside(path.join(this.#root, "subjects", createHash("sha256").update(subject).digest("hex")));
  }

  /** The (empty) index entry that says `key` may be bound to `subject`. */
  subjectEntry(subject: string, key: string): string {
    assertStorageKey(key, NAME);
    return this.#inside(path.join(this.subjectDir(subject), key));
  }

  /** Creates `subject`'s index directory level by level, refusing links, like `ensureShard`. */
  async ensureSubjectDir(subject: string): Promise<string> {
    const dir = this.subjectDir(subject);
    for (const level of [path.dirname(dir), dir]) await this.#ensureDir(level);
    return dir;
  }

  /**
   * Checks that each shard level is a real directory (not a link). Resolves false
   * when a level is missing (so no record can exist), throws STORE_UNAVAILABLE
   * for anything else found there.
   */
  async verifyShard(key: string): Promise<boolean> {
    for (const dir of this.levels(key)) {
      let stat;
      try {
        stat = await lstat(dir);
      } catch (err) {
        if (hasCode(err, "ENOENT")) return false;
        throw err;
      }
      if (stat.isSymbolicLink()) throw unsafePath(dir, "a symbolic link where a shard directory belongs");
      if (!stat.isDirectory()) throw unsafePath(dir, "not a directory");
    }
    return true;
  }

  /**
   * Creates the missing shard levels one at a time (never `recursive`, which
   * would follow a planted link) and verifies each. An existing level costs one lstat.
   */
  async ensureShard(key: string): Promise<void> {
    for (const dir of this.levels(key)) await this.#ensureDir(dir);
  }

  async #ensureDir(dir: string): Promise<void> {
    let stat = await lstat(dir).catch((err: unknown) => {
      if (hasCode(err, "ENOENT")) return undefined;
      throw err;
    });
    if (!stat) {
      try {
        await mkdir(dir, { mode: this.#dirMode });
      } catch (err) {
        if (!hasCode(err, "EEXIST")) throw err;
      }
      stat = await lstat(dir);
    }
    if (stat.isSymbolicLink()) throw unsafePath(dir, "a symbolic link where a directory belongs");
    if (!stat.isDirectory()) throw unsafePath(dir, "not a directory");
  }

  #inside(candidate: string): string {
    const resolved = path.resolve(candidate);
    if (!resolved.startsWith(this.#root + path.sep)) throw unsafePath(resolved, `outside the root ${this.#root}`);
    return resolved;
  }
}
