/**
 * What the SQL providers' tests (MySQL, PostgreSQL) share: records and keys to write, waiting and
 * port helpers for the fault tests, and the tests whose bodies are the same on both servers, each
 * registered with vitest's `it` in the calling file or `describe`.
 */
import { randomBytes } from "node:crypto";
import net from "node:net";
import { isSessError, type Manager } from "@sess/core";
import { type ChangeSet, type Provider, withDeadline } from "@sess/core/provider";
import { expect, it } from "vitest";

/** A provider with the optional methods these tests call. */
export type StoreUnderTest = Provider & Required<Pick<Provider, "exists" | "gc">>;

/** A fresh storage key. */
export function randomKey(): string {
  return randomBytes(32).toString("hex");
}

/** A ChangeSet with defaults. */
export function change(set: Record<string, string>, extra: Partial<ChangeSet> = {}): ChangeSet {
  return { isNew: false, clear: false, set, deleted: [], createdAt: Date.now(), ...extra };
}

/** An hour from now, epoch ms. */
export function later(ms = 3_600_000): number {
  return Date.now() + ms;
}

/** Whether a call failed STORE_UNAVAILABLE. */
export const unavailable = (e: unknown): boolean => isSessError(e, "STORE_UNAVAILABLE");

/** Polls `probe` every 25 ms until it returns a value; throws after `ms`. */
export async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * The record semantics both SQL providers have: `p()` is the file's provider (on a table of its
 * own), `gcBatched()` opens another, on a table of its own, with `gcBatchSize: 3`.
 */
export function providerBasics(p: () => StoreUnderTest, gcBatched: () => Promise<StoreUnderTest>): void {
  it("write(key, new change) creates a record that read(key) returns", async () => {
    const key = randomKey();
    const createdAt = Date.now() - 5;
    const expiresAt = later();
    expect(await p().write(key, change({ a: "1", b: "2" }, { isNew: true, createdAt }), expiresAt)).toBe(true);
    const got = await p().read(key);
    expect(got).toEqual({ data: { a: "1", b: "2" }, createdAt, expiresAt });
    expect(Object.getPrototypeOf(got!.data)).toBe(null);
    expect(await p().exists(key)).toBe(true);
  });

  it("write(key, change) applies set and deleted per key and keeps the rest", async () => {
    const key = randomKey();
    await p().write(key, change({ a: "1", b: "2", c: "3" }, { isNew: true }), later());
    expect(await p().write(key, change({ b: "20", d: "4" }, { deleted: ["c"] }), later())).toBe(true);
    expect((await p().read(key))!.data).toEqual({ a: "1", b: "20", d: "4" });
  });

  it("write(key, clear change) removes every key before setting", async () => {
    const key = randomKey();
    await p().write(key, change({ a: "1", b: "2" }, { isNew: true }), later());
    await p().write(key, change({ c: "3" }, { clear: true }), later());
    expect((await p().read(key))!.data).toEqual({ c: "3" });
  });

  it("write(key, change) resolves false and creates nothing for an absent key", async () => {
    const key = randomKey();
    expect(await p().write(key, change({ a: "1" }), later())).toBe(false);
    expect(await p().read(key)).toBe(null);
  });

  it("write(key, change) and touch resolve true when nothing actually changes", async () => {
    const key = randomKey();
    const expiresAt = later();
    await p().write(key, change({ a: "1" }, { isNew: true }), expiresAt);
    expect(await p().write(key, change({ a: "1" }), expiresAt)).toBe(true);
    expect(await p().touch(key, expiresAt)).toBe(true);
  });

  it("write(key, change) does not revive a destroyed session", async () => {
    const key = randomKey();
    await p().write(key, change({ a: "1" }, { isNew: true }), later());
    await p().destroy(key);
    expect(await p().write(key, change({ a: "2" }), later())).toBe(false);
    expect(await p().read(key)).toBe(null);
  });

  it("write(key, change) does not revive an expired session", async () => {
    const key = randomKey();
    await p().write(key, change({ a: "1" }, { isNew: true }), Date.now() - 1000);
    expect(await p().write(key, change({ a: "2" }), later())).toBe(false);
    expect(await p().read(key)).toBe(null);
  });

  it("write(key, new change) over an expired row starts afresh", async () => {
    const key = randomKey();
    await p().write(key, change({ old: "1" }, { isNew: true, createdAt: 1 }), Date.now() - 1000);
    const createdAt = Date.now();
    await p().write(key, change({ fresh: "1" }, { isNew: true, createdAt }), later());
    expect(await p().read(key)).toMatchObject({ data: { fresh: "1" }, createdAt });
    expect(Object.keys((await p().read(key))!.data)).toEqual(["fresh"]);
  });

  it("write(key, new change) on a live row applies the change to it and keeps createdAt", async () => {
    const key = randomKey();
    await p().write(key, change({ a: "1", gone: "x" }, { isNew: true, createdAt: 1000 }), later());
    await p().write(key, change({ b: "2" }, { isNew: true, createdAt: 2000, deleted: ["gone"] }), later());
    expect(await p().read(key)).toMatchObject({ data: { a: "1", b: "2" }, createdAt: 1000 });
  });

  it("read(key) returns null for an expired record that GC has not removed", async () => {
    const key = randomKey();
    await p().write(key, change({ a: "1" }, { isNew: true }), Date.now() - 1);
    expect(await p().read(key)).toBe(null);
    expect(await p().exists(key)).toBe(false);
    expect(await p().touch(key, later())).toBe(false);
  });

  it("touch(key, expiresAt) changes only the expiry", async () => {
    const key = randomKey();
    await p().write(key, change({ a: "1" }, { isNew: true }), later());
    const expiresAt = later(7_200_000);
    expect(await p().touch(key, expiresAt)).toBe(true);
    expect(await p().read(key)).toMatchObject({ data: { a: "1" }, expiresAt });
  });

  it("regenerate(old, new) moves data and times; old reads as absent", async () => {
    const [oldKey, newKey] = [randomKey(), randomKey()];
    await p().write(oldKey, change({ a: "1" }, { isNew: true, createdAt: 1234 }), later());
    const before = await p().read(oldKey);
    expect(await p().regenerate(oldKey, newKey)).toBe(true);
    expect(await p().read(oldKey)).toBe(null);
    expect(await p().read(newKey)).toEqual(before);
  });

  it("regenerate(old, new) resolves false and creates nothing when old is absent", async () => {
    const [oldKey, newKey] = [randomKey(), randomKey()];
    expect(await p().regenerate(oldKey, newKey)).toBe(false);
    expect(await p().read(newKey)).toBe(null);
  });

  it("regenerate(old, new) replaces an expired row left under the new key", async () => {
    const [oldKey, newKey] = [randomKey(), randomKey()];
    await p().write(newKey, change({ stale: "1" }, { isNew: true }), Date.now() - 1);
    await p().write(oldKey, change({ a: "1" }, { isNew: true }), later());
    expect(await p().regenerate(oldKey, newKey)).toBe(true);
    expect((await p().read(newKey))!.data).toEqual({ a: "1" });
    expect(await p().read(oldKey)).toBe(null);
  });

  it("count() counts live rows and gc() removes expired ones in batches", async () => {
    const own = await gcBatched();
    for (let i = 0; i < 7; i++) await own.write(randomKey(), change({ i: String(i) }, { isNew: true }), Date.now() - 10);
    for (let i = 0; i < 2; i++) await own.write(randomKey(), change({ i: String(i) }, { isNew: true }), later());
    expect(await own.count()).toBe(2);
    expect(await own.gc()).toBe(7);
    expect(await own.gc()).toBe(0);
    expect(await own.count()).toBe(2);
  });

  it("rejects malformed storage keys with INVALID_KEY before any query", async () => {
    for (const bad of ["", "x", "A".repeat(64), `${"a".repeat(63)}'`, "a".repeat(65)]) {
      await expect(p().read(bad)).rejects.toSatisfy((e) => isSessError(e, "INVALID_KEY"));
      await expect(p().write(bad, change({ a: "1" }, { isNew: true }), later())).rejects.toSatisfy((e) => isSessError(e, "INVALID_KEY"));
      await expect(p().regenerate(randomKey(), bad)).rejects.toSatisfy((e) => isSessError(e, "INVALID_KEY"));
    }
  });
}

/**
 * Writers racing on one session through two providers with pools of their own (`pair()`), so they
 * race on the server; `upsert` names the statement a new-session write runs.
 */
export function concurrentWriters(pair: () => readonly [StoreUnderTest, StoreUnderTest], upsert: string): void {
  it("write(key, change) from 60 concurrent writers, each setting its own key, keeps every change", async () => {
    const [a, b] = pair();
    const key = randomKey();
    await a.write(key, change({ base: "0" }, { isNew: true }), later());
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).write(key, change({ [`k${i}`]: String(i) }), later())),
    );
    expect(results.every(Boolean)).toBe(true);
    const data = (await a.read(key))!.data;
    expect(Object.keys(data)).toHaveLength(61);
    for (let i = 0; i < 60; i++) expect(data[`k${i}`]).toBe(String(i));
  });

  it("write(key, change) racing deletes of other keys keeps the sets and applies the deletes", async () => {
    const [a, b] = pair();
    const key = randomKey();
    const initial: Record<string, string> = {};
    for (let i = 0; i < 30; i++) initial[`old${i}`] = "x";
    await a.write(key, change(initial, { isNew: true }), later());
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).write(key, change({ [`new${i}`]: "y" }, { deleted: [`old${i}`] }), later())),
    );
    const data = (await b.read(key))!.data;
    expect(Object.keys(data).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `new${i}`).sort());
  });

  it(`new-session writes racing on one key all land (${upsert})`, async () => {
    const [a, b] = pair();
    const key = randomKey();
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).write(key, change({ [`n${i}`]: "1" }, { isNew: true }), later())));
    expect(Object.keys((await a.read(key))!.data)).toHaveLength(10);
  });

  it("write(key, change) racing destroy(key) never leaves the session alive", async () => {
    const [a, b] = pair();
    for (let round = 0; round < 15; round++) {
      const key = randomKey();
      await a.write(key, change({ a: "1" }, { isNew: true }), later());
      await Promise.all([b.destroy(key), a.write(key, change({ b: "2" }), later()), b.write(key, change({ c: "3" }), later())]);
      expect(await a.read(key)).toBe(null);
    }
  });
}

/**
 * A server that is not there or never answers: `open.closed(port)` opens a provider (with the
 * factory named `factory`) on 127.0.0.1:port where nothing listens, `open.silent(port)` on a server
 * that accepts and never answers; both must reject STORE_UNAVAILABLE within 10 s.
 */
export function unreachableServer(factory: string, open: { closed(port: number): Promise<unknown>; silent(port: number): Promise<unknown> }): void {
  it(`database unreachable (a closed port): ${factory} rejects STORE_UNAVAILABLE in bounded time`, async () => {
    const port = await closedPort();
    const started = Date.now();
    await expect(open.closed(port)).rejects.toSatisfy(unavailable);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it(`a server that accepts but never answers: ${factory} rejects STORE_UNAVAILABLE after its deadline`, async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((s) => sockets.add(s.on("error", () => {})));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const started = Date.now();
      await expect(open.silent(port)).rejects.toSatisfy(unavailable);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });
}

/** A row lock held from a connection of its own until `release()`. */
export interface RowLock {
  release(): Promise<void>;
}

/**
 * A write blocked on a row lock whose server connection `killBlocked()` finds and kills rejects
 * STORE_UNAVAILABLE at once (not at its 30 s deadline), and once `lockRow(key)` lets go the
 * provider `p` works on.
 */
export async function expectKilledStatementFails(p: StoreUnderTest, lockRow: (key: string) => Promise<RowLock>, killBlocked: () => Promise<unknown>): Promise<void> {
  const key = randomKey();
  await p.write(key, change({ a: "1" }, { isNew: true }), later());
  const lock = await lockRow(key);
  try {
    const started = Date.now();
    // Settled into a value at once, so the rejection is never momentarily unhandled.
    const pending = p.write(key, change({ b: "2" }), later()).then(() => undefined, (e: unknown) => e);
    await killBlocked();
    const err = await pending;
    expect(unavailable(err)).toBe(true);
    expect(String(err)).not.toMatch(/timed out/);
    expect(Date.now() - started).toBeLessThan(30_000);
  } finally {
    await lock.release();
  }
  expect(await p.write(key, change({ c: "3" }), later())).toBe(true);
  expect((await p.read(key))!.data).toEqual({ a: "1", c: "3" });
}

/**
 * A write ({ b: "2" } over { a: "1" }) blocked on a row lock past the provider's queryTimeoutMs
 * rejects STORE_UNAVAILABLE, a read still gets a working connection (`whileLocked()` then checks
 * the server's side), and once the lock is gone a write ({ c: "3" }) works again. Resolves with
 * the session's key: whether the server still ran the overrun write is the caller's to check.
 */
export async function expectOverrunFails(p: StoreUnderTest, lockRow: (key: string) => Promise<RowLock>, whileLocked: () => Promise<unknown> = async () => {}): Promise<string> {
  const key = randomKey();
  await p.write(key, change({ a: "1" }, { isNew: true }), later());
  const lock = await lockRow(key);
  try {
    await expect(p.write(key, change({ b: "2" }), later())).rejects.toSatisfy(unavailable);
    // The overrun connection was ended, not returned: a read still gets a working one.
    expect((await p.read(key))!.data.a).toBe("1");
    await whileLocked();
  } finally {
    await lock.release();
  }
  expect(await p.write(key, change({ c: "3" }), later())).toBe(true);
  return key;
}

/**
 * With the provider's only pooled connection held (`take()` takes it), every call rejects
 * STORE_UNAVAILABLE within 10 s; once it is released the provider works, and no connection that
 * arrived after a call's deadline was kept (`take()` gets one again within 5 s).
 */
export async function expectExhaustedPoolFails(p: StoreUnderTest, take: () => Promise<{ release(): void }>): Promise<void> {
  const key = randomKey();
  await p.write(key, change({ a: "1" }, { isNew: true }), later());
  const held = await take();
  const started = Date.now();
  const results = await Promise.allSettled([p.read(key), p.write(key, change({ b: "2" }), later()), p.count(), p.touch(key, later()), p.gc()]);
  expect(Date.now() - started).toBeLessThan(10_000);
  for (const r of results) expect(r.status === "rejected" && unavailable(r.reason)).toBe(true);
  held.release();
  expect((await p.read(key))!.data).toEqual({ a: "1" });
  const again = await withDeadline(take(), 5000, "test");
  again.release();
}

/** A Manager on the provider under test stores, loads and counts a session ("username" = "astaxie"). */
export async function expectSessionRoundTrip(manager: Manager): Promise<void> {
  const session = manager.create();
  session.set("username", "astaxie");
  await session.release();
  const loaded = await manager.load(session.id);
  expect(loaded?.get("username")).toBe("astaxie");
  expect(await manager.count()).toBe(1);
}
