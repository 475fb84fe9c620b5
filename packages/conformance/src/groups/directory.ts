import assert from "node:assert/strict";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Provider } from "@sess/core/provider";
import type { CaseContext } from "../context.js";
import { defineGroup } from "../group.js";
import { assertData } from "../support/assertions.js";
import { change, created } from "../support/changes.js";

const WRITES = 100;

/** A fresh parent directory for the case, removed once its providers are closed. */
async function workspace(ctx: CaseContext): Promise<string> {
  const parent = await mkdtemp(path.join(tmpdir(), "sess-directory-group-"));
  ctx.defer(() => rm(parent, { recursive: true, force: true }), "after-close");
  return parent;
}

/** Opens a provider on `dir` through the suite's `exclusiveDirectory` option, as the case's current provider. */
function openOn(ctx: CaseContext, dir: string): Promise<Provider> {
  const open = ctx.options.exclusiveDirectory!;
  return ctx.open(() => open(dir));
}

/** Resolves the error a second open rejected with, or fails when it opened. */
async function refused(open: () => Promise<Provider>, what: string): Promise<void> {
  let second: Provider | undefined;
  try {
    second = await open();
  } catch {
    return;
  }
  await second.close().catch(() => undefined);
  assert.fail(`${what} opened while another provider held the directory: two owners lose each other's acknowledged writes`);
}

/**
 * Writes WRITES records on `owner`, has `intruder` try the same directory meanwhile, closes the
 * owner and checks every acknowledged write is there for the next provider on the directory.
 */
async function ownerKeepsWrites(ctx: CaseContext, dir: string, intruder: () => Promise<Provider>, what: string): Promise<void> {
  const owner = await openOn(ctx, dir);
  const keys = Array.from({ length: WRITES }, () => ctx.key());
  for (const [i, key] of keys.slice(0, WRITES / 2).entries()) assert.equal(await owner.write(key, created({ i: String(i) }), ctx.longExpiry()), true);
  await refused(intruder, what);
  for (const [i, key] of keys.entries()) {
    if (i < WRITES / 2) assert.equal(await owner.write(key, change({ set: { again: "1" } }), ctx.longExpiry()), true);
    else assert.equal(await owner.write(key, created({ i: String(i) }), ctx.longExpiry()), true);
  }
  await owner.close();
  const next = await openOn(ctx, dir);
  for (const [i, key] of keys.entries()) {
    const expected: Record<string, string> = i < WRITES / 2 ? { i: String(i), again: "1" } : { i: String(i) };
    assertData(await next.read(key), expected, `read(key) of acknowledged write ${i} after the owner closed`);
  }
}

/**
 * One directory, one owner: a store that keeps a directory only one process may hold (LevelDB)
 * refuses a second provider on it however the path is spelled, and the owner loses nothing.
 */
export const directoryGroup = defineGroup(
  "directory",
  [
    {
      name: "a second provider on a directory an open provider holds is refused, and the owner keeps every acknowledged write",
      ownProvider: true,
      run: async (ctx) => {
        const dir = path.join(await workspace(ctx), "db");
        await ownerKeepsWrites(ctx, dir, async () => ctx.options.exclusiveDirectory!(dir), "a second provider on the same path");
      },
    },
    {
      name: "a provider on the same directory through a symlink is refused, and the owner keeps every acknowledged write",
      ownProvider: true,
      run: async (ctx) => {
        const parent = await workspace(ctx);
        const dir = path.join(parent, "db");
        const link = path.join(parent, "link");
        await symlink(dir, link, "dir");
        await ownerKeepsWrites(ctx, dir, async () => ctx.options.exclusiveDirectory!(link), "a provider on a symlink to the directory");
      },
    },
    {
      name: "a provider on the directory spelled with ./ and ../ segments is refused while the owner holds it",
      ownProvider: true,
      run: async (ctx) => {
        const parent = await workspace(ctx);
        const dir = path.join(parent, "db");
        await openOn(ctx, dir);
        const detour = `${parent}${path.sep}.${path.sep}db${path.sep}..${path.sep}db`;
        await refused(async () => ctx.options.exclusiveDirectory!(detour), "a provider on the same directory spelled differently");
      },
    },
    {
      name: "once the owner has closed, a provider on the directory opens and reads its records",
      ownProvider: true,
      run: async (ctx) => {
        const dir = path.join(await workspace(ctx), "db");
        const owner = await openOn(ctx, dir);
        const key = ctx.key();
        assert.equal(await owner.write(key, created({ a: "1" }), ctx.longExpiry()), true);
        await owner.close();
        const next = await openOn(ctx, dir);
        assertData(await next.read(key), { a: "1" });
      },
    },
  ],
  (options) => (options.exclusiveDirectory ? undefined : "no exclusiveDirectory option: the store keeps no directory one process owns"),
);
