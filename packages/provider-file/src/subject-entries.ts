import { constants } from "node:fs";
import { open, readdir, rmdir, unlink } from "node:fs/promises";
import { isStorageKey } from "@sess/core/provider";
import { syncDir } from "./atomic-write.js";
import { hasCode } from "./fs-errors.js";
import type { KeyPaths } from "./key-paths.js";
import type { ResolvedOptions } from "./options.js";

// add() retries when a concurrent remove() deletes the emptied directory between its mkdir and its open.
const MAX_ADD_ATTEMPTS = 8;
const CREATE = constants.O_CREAT | constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0);

/**
 * The subject index on disk: one empty file per bound session, `<root>/subjects/<sha256(subject)>/<key>`.
 * An entry is a claim to check, never trusted alone: it is created before its record is bound
 * (under the record's lock) and removed only under that lock once the record is not bound to the
 * subject, so every bound record has its entry while stale entries are merely skipped.
 */
export class SubjectEntries {
  readonly #paths: KeyPaths;
  readonly #opts: ResolvedOptions;

  constructor(paths: KeyPaths, opts: ResolvedOptions) {
    this.#paths = paths;
    this.#opts = opts;
  }

  /** Creates `key`'s entry under `subject` (a no-op when it exists). Call holding `key`'s lock. */
  async add(subject: string, key: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const dir = await this.#paths.ensureSubjectDir(subject);
      try {
        const handle = await open(this.#paths.subjectEntry(subject, key), CREATE, this.#opts.fileMode);
        await handle.close();
      } catch (err) {
        // Another key's remove() took the directory away once it was empty: make it again.
        if (hasCode(err, "ENOENT") && attempt < MAX_ADD_ATTEMPTS) continue;
        throw err;
      }
      if (this.#opts.durable) await syncDir(dir);
      return;
    }
  }

  /**
   * Removes `key`'s entry under `subject`, if there is one, and the subject's directory once it is
   * empty, so users who logged out leave nothing behind. Call holding `key`'s lock.
   */
  async remove(subject: string, key: string): Promise<void> {
    try {
      await unlink(this.#paths.subjectEntry(subject, key));
    } catch (err) {
      if (!hasCode(err, "ENOENT")) throw err;
    }
    try {
      await rmdir(this.#paths.subjectDir(subject));
    } catch (err) {
      if (!hasCode(err, "ENOTEMPTY", "EEXIST", "ENOENT", "EBUSY", "ENOTDIR")) throw err;
    }
  }

  /** The storage keys with an entry under `subject`; names that are not storage keys are ignored. */
  async keys(subject: string): Promise<string[]> {
    try {
      return (await readdir(this.#paths.subjectDir(subject))).filter((name) => isStorageKey(name));
    } catch (err) {
      if (hasCode(err, "ENOENT", "ENOTDIR")) return [];
      throw err;
    }
  }
}
