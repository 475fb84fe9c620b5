import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ClassicLevel } from "classic-level";
import { afterAll, describe, it } from "vitest";
import { providerConformance } from "@sess/conformance";
import { leveldbProvider } from "../src/index.js";

// One directory for the run; each createProvider gets a database of its own (so count() sees no
// other test's records) and reopen() opens the most recent one again, as the persistence group needs.
const root = mkdtempSync(path.join(tmpdir(), "sess-leveldb-conformance-"));
const shared: ClassicLevel<string, string>[] = [];
afterAll(async () => {
  for (const db of shared) await db.close();
  rmSync(root, { recursive: true, force: true });
});

let made = 0;
let last = "";
const create = () => {
  last = path.join(root, `db-${++made}`);
  return leveldbProvider({ path: last, onError: () => undefined });
};
const reopen = () => leveldbProvider({ path: last, onError: () => undefined });

// No outage option: an embedded database has no network link for the fault proxy to cut, so the
// suite registers that group as skipped ("no backend to cut"). Disk and lock failures are in errors.test.ts.
describe("leveldb provider conformance (own directory)", () => {
  providerConformance(it, create, {
    persistent: true,
    reopen,
    ttlGranularityMs: 1,
    clock: (now) => leveldbProvider({ maxLifetime: 3600, config: { path: path.join(root, `clock-${++made}`), onError: () => undefined }, now }),
    exclusiveDirectory: (dir) => leveldbProvider({ path: dir, onError: () => undefined }),
  });
});

// The same suite on a database the application opened and passes in: the provider must not close it,
// so reopen() finds the records through a new provider on the same open database. This run reads with
// classic-level's async get (syncReads: false); the one above with getSync, the default.
let db: ClassicLevel<string, string> | undefined;
const createOnShared = () => {
  db = new ClassicLevel<string, string>(path.join(root, `shared-${++made}`));
  shared.push(db);
  return leveldbProvider({ db, namespace: "app-sessions", syncReads: false, onError: () => undefined });
};
const reopenOnShared = () => leveldbProvider({ db: db!, namespace: "app-sessions", syncReads: false, onError: () => undefined });

describe("leveldb provider conformance (database passed as db)", () => {
  providerConformance(it, createOnShared, { persistent: true, reopen: reopenOnShared, ttlGranularityMs: 1 });
});
