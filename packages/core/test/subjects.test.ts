import { describe, expect, it } from "vitest";
import { SessErrorCode, createManager, type Manager, type ManagerOptions } from "../src/index.js";
import { mapManager } from "./support/manager.js";
import { SubjectMapProvider } from "./support/subject-map-provider.js";

async function subjectManager(options: ManagerOptions = {}): Promise<{ manager: Manager; provider: SubjectMapProvider; clock: { now: number } }> {
  const clock = { now: 1_700_000_000_000 };
  const now = () => clock.now;
  const provider = new SubjectMapProvider(now);
  const manager = await createManager({ provider, maxLifetime: 3600, now, onError: () => {}, ...options });
  return { manager, provider, clock };
}

/** Logs a new session in as `subject`, stores it, and returns it. */
async function login(manager: Manager, subject: string, ua = "test-agent") {
  const session = manager.create();
  session.setSubject(subject, { ua });
  await session.release();
  return session;
}

const code = (c: string) => expect.objectContaining({ code: c }) as Error;

describe("per-subject sessions", () => {
  it("listSessions shows a bound session with its times and meta, by a handle that is neither id nor storage key", async () => {
    const { manager, clock } = await subjectManager();
    const created = clock.now;
    const session = await login(manager, "u1", "Firefox");
    clock.now += 600_000;
    const again = (await manager.load(session.id))!;
    again.set("n" as never, 1);
    await again.release();
    const [info, ...rest] = await manager.listSessions("u1");
    expect(rest).toEqual([]);
    expect(info!.handle).toBe(manager.sessionHandle(session));
    expect(info!.handle).not.toContain(session.id);
    expect(session.storageKey).not.toContain(info!.handle);
    expect(info).toMatchObject({ createdAt: created, lastActive: clock.now, expiresAt: clock.now + 3600_000 });
    expect({ ...info!.meta }).toEqual({ ua: "Firefox" });
    expect(again.subject).toBe("u1");
  });

  it("countSessions counts only the subject's live sessions", async () => {
    const { manager, clock } = await subjectManager();
    await login(manager, "u1");
    await login(manager, "u1");
    await login(manager, "u2");
    expect(await manager.countSessions("u1")).toBe(2);
    clock.now += 3601_000;
    expect(await manager.countSessions("u1")).toBe(0);
  });

  it("listSessions leaves out sessions past the absolute timeout", async () => {
    const { manager, clock } = await subjectManager({ absoluteTimeout: 60 });
    await login(manager, "u1");
    clock.now += 61_000;
    expect(await manager.listSessions("u1")).toEqual([]);
  });

  it("revokeSession ends one session of the subject, and refuses another subject's handle", async () => {
    const { manager } = await subjectManager();
    const [a, b, theirs] = [await login(manager, "u1"), await login(manager, "u1"), await login(manager, "u2")];
    expect(await manager.revokeSession("u1", manager.sessionHandle(theirs))).toBe(false);
    expect(await manager.revokeSession("u1", "not-a-handle")).toBe(false);
    expect(await manager.revokeSession("u1", manager.sessionHandle(a))).toBe(true);
    expect(await manager.load(a.id)).toBeNull();
    expect(await manager.load(b.id)).not.toBeNull();
    expect(await manager.load(theirs.id)).not.toBeNull();
  });

  it("revokeSessions ends every session of the subject except the current one", async () => {
    const { manager } = await subjectManager();
    const [current, other1, other2] = [await login(manager, "u1"), await login(manager, "u1"), await login(manager, "u1")];
    expect(await manager.revokeSessions("u1", { except: current })).toBe(2);
    expect(await manager.load(other1.id)).toBeNull();
    expect(await manager.load(other2.id)).toBeNull();
    expect(await manager.load(current.id)).not.toBeNull();
    expect(await manager.revokeSessions("u1")).toBe(1);
    expect(await manager.load(current.id)).toBeNull();
  });

  it("setSubject(null) unbinds, flush keeps the binding, regenerate carries it", async () => {
    const { manager } = await subjectManager();
    const session = await login(manager, "u1", "Safari");
    const loaded = (await manager.load(session.id))!;
    loaded.flush();
    await loaded.regenerate();
    await loaded.release();
    const [info] = await manager.listSessions("u1");
    expect(info!.handle).toBe(manager.sessionHandle(loaded));
    expect({ ...info!.meta }).toEqual({ ua: "Safari" });
    loaded.setSubject(null);
    await loaded.release();
    expect(await manager.listSessions("u1")).toEqual([]);
    expect((await manager.load(loaded.id))?.subject).toBeUndefined();
  });

  it("a new session bound to a subject and holding nothing else is stored", async () => {
    const { manager } = await subjectManager();
    const session = manager.create();
    session.setSubject("u1");
    expect(session.dirty).toBe(true);
    await session.release();
    expect(await manager.countSessions("u1")).toBe(1);
  });

  it.each([["", "empty"], ["x".repeat(257), "too long"], ["\ud800", "a lone surrogate"]])("setSubject refuses %j (%s) with INVALID_KEY", async (subject) => {
    const { manager } = await subjectManager();
    expect(() => manager.create().setSubject(subject)).toThrow(code(SessErrorCode.INVALID_KEY));
    await expect(manager.listSessions(subject)).rejects.toMatchObject({ code: SessErrorCode.INVALID_KEY });
  });

  it("setSubject refuses meta that is not a small object of strings", async () => {
    const { manager } = await subjectManager();
    const session = manager.create();
    expect(() => session.setSubject("u1", { n: 1 } as never)).toThrow(code(SessErrorCode.INVALID_KEY));
    expect(() => session.setSubject("u1", { big: "x".repeat(3000) })).toThrow(code(SessErrorCode.INVALID_KEY));
    expect(() => session.setSubject("u1", [] as never)).toThrow(code(SessErrorCode.INVALID_KEY));
    expect(session.subject).toBeUndefined();
  });

  it("a provider without the capability makes every per-subject call fail with UNSUPPORTED naming it", async () => {
    const { manager } = await mapManager();
    expect(() => manager.create().setSubject("u1")).toThrow(/"map" provider/);
    for (const call of [() => manager.listSessions("u1"), () => manager.countSessions("u1"), () => manager.revokeSession("u1", "h"), () => manager.revokeSessions("u1")]) {
      await expect(call()).rejects.toMatchObject({ code: SessErrorCode.UNSUPPORTED, message: expect.stringContaining('"map" provider') as string });
    }
  });

  it("createManager refuses a provider with listSubject but no destroySubject", async () => {
    const provider = new SubjectMapProvider();
    Object.defineProperty(provider, "destroySubject", { value: undefined });
    await expect(createManager({ provider, maxLifetime: 60 })).rejects.toMatchObject({ code: SessErrorCode.INVALID_PROVIDER });
  });
});
