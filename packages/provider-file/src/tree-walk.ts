import { opendir } from "node:fs/promises";
import path from "node:path";
import { hasCode } from "./fs-errors.js";

const SHARD = /^[0-9a-f]{2}$/;

/** One file found in a leaf shard directory. */
export interface FoundFile {
  dir: string;
  name: string;
}

/**
 * Streams the files of every leaf shard directory under `root`, `depth` levels
 * down, with `opendir` (one directory handle at a time per level, never a full
 * listing in memory). Descends only into real directories named like a shard:
 * links and foreign entries are skipped. A shard removed meanwhile is skipped.
 */
export async function* walkShards(root: string, depth: number): AsyncGenerator<FoundFile> {
  let dir;
  try {
    dir = await opendir(root, { bufferSize: 256 });
  } catch (err) {
    if (hasCode(err, "ENOENT", "ENOTDIR")) return;
    throw err;
  }
  for await (const entry of dir) {
    if (depth === 0) {
      if (entry.isFile()) yield { dir: root, name: entry.name };
    } else if (entry.isDirectory() && SHARD.test(entry.name)) {
      yield* walkShards(path.join(root, entry.name), depth - 1);
    }
  }
}

/** Runs `work` on each item with at most `limit` in flight, so a walk of 100k files overlaps its I/O without a 100k-promise burst. */
export async function forEachLimit<T>(items: AsyncIterable<T>, limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { err: unknown } | undefined;
  for await (const item of items) {
    if (failure) break;
    const task = work(item).then(
      () => undefined,
      (err: unknown) => {
        failure ??= { err };
      },
    );
    running.add(task);
    void task.finally(() => running.delete(task));
    if (running.size >= limit) await Promise.race(running);
  }
  await Promise.all(running);
  if (failure) throw failure.err;
}
