import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ChangeSet } from "@sess/core/provider";
import { fileProvider, type FileProvider, type FileProviderOptions } from "../../src/index.js";

/** A random well-formed storage key. */
export function newKey(): string {
  return randomBytes(32).toString("hex");
}

/** A change set; `isNew` defaults to false. */
export function change(set: Record<string, string>, extra: Partial<ChangeSet> = {}): ChangeSet {
  return { isNew: false, clear: false, set, deleted: [], createdAt: Date.now(), ...extra };
}

/** A fresh directory under os.tmpdir() and providers opened on it, all removed by `cleanup`. */
export class Sandbox {
  readonly dir: string;
  readonly #providers: FileProvider[] = [];

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** Creates the sandbox directory. */
  static async create(): Promise<Sandbox> {
    return new Sandbox(await mkdtemp(path.join(tmpdir(), "sess-file-test-")));
  }

  /** Opens a provider on `dir/sessions` (or `sub`), collecting errors reported through onError. */
  async open(options: Partial<FileProviderOptions> = {}, sub = "sessions"): Promise<FileProvider> {
    const provider = await fileProvider({ dir: path.join(this.dir, sub), onError: () => undefined, ...options });
    this.#providers.push(provider);
    return provider;
  }

  /** Closes every provider and removes the directory. */
  async cleanup(): Promise<void> {
    await Promise.all(this.#providers.map((p) => p.close()));
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** The current time plus `seconds`, epoch ms. */
export function inSeconds(seconds: number): number {
  return Date.now() + seconds * 1000;
}
