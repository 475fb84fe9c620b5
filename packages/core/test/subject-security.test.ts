import { describe, expect, it } from "vitest";
import { createManager, type Manager } from "../src/index.js";
import type { SubjectSession } from "../src/provider.js";
import { SubjectMapProvider } from "./support/subject-map-provider.js";

/** A store whose subject comparison pads with spaces, as a MySQL PAD SPACE collation does ("alice " = "alice"). */
class PadSpaceProvider extends SubjectMapProvider {
  override async listSubject(subject: string): Promise<SubjectSession[]> {
    const out: SubjectSession[] = [];
    for (const [key, bound] of this.subjects) {
      if (bound.trimEnd() !== subject.trimEnd()) continue;
      const record = await this.read(key);
      if (record) out.push({ key, record });
    }
    return out;
  }
}

async function managerOver(provider: SubjectMapProvider): Promise<Manager> {
  return createManager({ provider, maxLifetime: 3600, onError: () => {} });
}

async function login(manager: Manager, subject: string) {
  const session = manager.create();
  session.setSubject(subject, { ua: "test-agent" });
  await session.release();
  return session;
}

describe("per-subject sessions are exact", () => {
  it("listSessions, countSessions and revokeSession never reach another subject's sessions through a padding store", async () => {
    const manager = await managerOver(new PadSpaceProvider());
    const alice = await login(manager, "alice");
    expect(await manager.listSessions("alice ")).toEqual([]);
    expect(await manager.countSessions("alice ")).toBe(0);
    expect(await manager.revokeSession("alice ", manager.sessionHandle(alice))).toBe(false);
    expect(await manager.load(alice.id)).not.toBeNull();
    expect(await manager.countSessions("alice")).toBe(1);
  });
});

describe("login when the pre-login session ended meanwhile", () => {
  it("setSubject() then regenerate() keeps the binding when another request destroyed the session", async () => {
    const manager = await managerOver(new SubjectMapProvider());
    const before = manager.create();
    before.set("cart", 1);
    await before.release();
    const session = (await manager.load(before.id))!;
    session.setSubject("u1", { ua: "Firefox" });
    await (await manager.load(before.id))!.destroy(); // a logout in another tab
    await session.regenerate();
    session.set("userId", "u1");
    await session.release();
    expect(session.subject).toBe("u1");
    const [info, ...rest] = await manager.listSessions("u1");
    expect(rest).toEqual([]);
    expect(info!.handle).toBe(manager.sessionHandle(session));
    expect({ ...info!.meta }).toEqual({ ua: "Firefox" });
    expect(await manager.revokeSessions("u1")).toBe(1);
    expect(await manager.load(session.id)).toBeNull();
  });
});

describe("revokeSession racing a regenerate", () => {
  it("does not resolve true while the device stays logged in under its new id", async () => {
    const provider = new SubjectMapProvider();
    const manager = await managerOver(provider);
    const device = await login(manager, "u1");
    const loaded = (await manager.load(device.id))!;
    const list = provider.listSubject.bind(provider);
    let raced = false;
    // The device logs in again (regenerate) between revokeSession's listing and its destroy.
    provider.listSubject = async (subject) => {
      const listed = await list(subject);
      if (!raced) {
        raced = true;
        await loaded.regenerate();
        await loaded.release();
      }
      return listed;
    };
    expect(await manager.revokeSession("u1", manager.sessionHandle(device))).toBe(true);
    expect(raced).toBe(true);
    expect(loaded.id).not.toBe(device.id);
    expect(await manager.load(loaded.id)).toBeNull();
    expect(await manager.countSessions("u1")).toBe(0);
  });
});
