import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ChangeSet } from "@sess/core/provider";
import { leveldbProvider, type LeveldbProvider, type LeveldbProviderOptions } from "../../src/index.js";

/** A private directory per test; every provider opened through it is closed and the directory removed at cleanup. */
export class Sandbox {
  readonly dir: string;
  readonly #open: LeveldbProvider[] = [];

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** Creates a fresh directory under the system's temp directory. */
  static async create(): Promise<Sandbox> {
    return new Sandbox(await mkdtemp(path.join(tmpdir(), "sess-leveldb-test-")));
  }

  /** The database directory every open() of this sandbox uses. */
  get dbPath(): string {
    return path.join(this.dir, "db");
  }

  /** Opens a provider on the sandbox's database, with options on top. */
  async open(options: Partial<LeveldbProviderOptions> = {}): Promise<LeveldbProvider> {
    const p = await leveldbProvider({ path: this.dbPath, onError: () => undefined, ...options });
    this.#open.push(p);
    return p;
  }

  /** Closes what it opened and removes the directory. */
  async cleanup(): Promise<void> {
    for (const p of this.#open.splice(0)) await p.close().catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** A fresh random storage key. */
export function newKey(): string {
  return randomBytes(32).toString("hex");
}

/** Epoch ms `s` seconds from now. */
export function inSeconds(s: number): number {
  return Date.now() + s * 1000;
}

/** A change set: new when `isNew`, setting `set`. */
export function change(set: Record<string, string>, isNew = false, deleted: string[] = []): ChangeSet {
  return { isNew, clear: false, set, deleted, createdAt: Date.now() };
}
