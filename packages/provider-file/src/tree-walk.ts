import { opendir } from "node:fs/promises";
import path from "node:path";
import { hasCode } from "./fs-errors.js";

const SHARD = /^[0-9a-f]{2}$/;
/** Leaf directories worked on at once, so the walk overlaps its I/O across the thread pool. */
const LEAVES_IN_FLIGHT = 16;
/** Files of one leaf worked on at once (matters for shardDepth 0, where the root is the only leaf). */
const FILES_IN_FLIGHT = 4;

/**
 * Yields every leaf shard directory `depth` levels under `dir`, streaming each
 * level with opendir. Only real directories named like a shard are entered
 * (links and foreign entries are skipped); a shard removed meanwhile is skipped.
 */
async function* leafDirs(dir: string, depth: number): AsyncGenerator<string> {
  if (depth === 0) {
    yield dir;
    return;
  }
  let handle;
  try {
    handle = await opendir(dir, { bufferSize: 256 });
  } catch (err) {
    if (hasCode(err, "ENOENT", "ENOTDIR")) return;
    throw err;
  }
  for await (const entry of handle) {
    if (entry.isDirectory() && SHARD.test(entry.name)) yield* leafDirs(path.join(dir, entry.name), depth - 1);
  }
}

/** Streams the files and symbolic links (locks are links) of one leaf with opendir: a leaf can grow without bound, so it is never listed whole. */
async function* filesOf(dir: string): AsyncGenerator<string> {
  let handle;
  try {
    handle = await opendir(dir, { bufferSize: 128 });
  } catch (err) {
    if (hasCode(err, "ENOENT", "ENOTDIR")) return;
    throw err;
  }
  for await (const entry of handle) if (entry.isFile() || entry.isSymbolicLink()) yield entry.name;
}

/**
 * Runs `work(dir, name)` for every file in the leaf shard directories under
 * `root`, streaming each leaf (no full listing in memory) with bounded concurrency.
 */
export async function forEachFile(root: string, depth: number, work: (dir: string, name: string) => Promise<void>): Promise<void> {
  await forEachLimit(leafDirs(root, depth), LEAVES_IN_FLIGHT, (dir) => forEachLimit(filesOf(dir), FILES_IN_FLIGHT, (name) => work(dir, name)));
}

/** Runs `work` on each item with at most `limit` in flight; the first failure stops the walk and rejects. */
export async function forEachLimit<T>(items: AsyncIterable<T>, limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { err: unknown } | undefined;
  for await (const item of items) {
    if (failure) break;
    const task: Promise<void> = work(item).then(
      () => {
        running.delete(task);
      },
      (err: unknown) => {
        running.delete(task);
        failure ??= { err };
      },
    );
    running.add(task);
    if (running.size >= limit) await Promise.race(running);
  }
  await Promise.all(running);
  if (failure) throw failure.err;
}
