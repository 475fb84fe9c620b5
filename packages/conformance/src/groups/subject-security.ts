import assert from "node:assert/strict";
import { createManager } from "@sess/core";
import type { Provider } from "@sess/core/provider";
import { defineGroup, type ConformanceCase } from "../group.js";
import { boundSession, freshSubject, listedKeys, subjects, type SubjectCapable } from "../support/subjects.js";

const NEEDS = ["listSubject", "destroySubject"] as const;

/**
 * Subjects that a padding, case-folding or normalising comparison takes for `subject` (a MySQL
 * PAD SPACE or _ci collation, an ICU collation, a trim or toLowerCase in a provider). Each is
 * another user: none may list, count or revoke `subject`'s sessions. `subject` holds "ë" composed.
 */
function lookalikes(subject: string): string[] {
  const stripped = subject.normalize("NFD").replace(/\p{M}/gu, "");
  return [`${subject} `, `${subject}  `, `${subject}\t`, ` ${subject}`, subject.toUpperCase(), subject.toLowerCase(), subject.normalize("NFD"), stripped];
}

function baseSubject(): string {
  const subject = freshSubject("Zoë");
  assert.notEqual(subject, subject.normalize("NFD"));
  return subject;
}

/** The provider with a hook that runs once right after one of the next `times` listSubject calls gathered its answer. */
function racingProvider(inner: SubjectCapable, times: number, race: () => Promise<void>): Provider {
  let left = times;
  return {
    name: inner.name,
    read: (key) => inner.read(key),
    write: (key, change, expiresAt) => inner.write(key, change, expiresAt),
    touch: (key, expiresAt) => inner.touch(key, expiresAt),
    regenerate: (oldKey, newKey) => inner.regenerate(oldKey, newKey),
    destroy: (key) => inner.destroy(key),
    count: () => inner.count(),
    listSubject: async (subject) => {
      const listed = await inner.listSubject(subject);
      if (left-- > 0) await race();
      return listed;
    },
    destroySubject: (subject, exceptKey) => inner.destroySubject(subject, exceptKey),
    // The case's context closes the real provider.
    close: async () => undefined,
  };
}

const cases: ConformanceCase[] = [
  {
    name: "read(key) returns the subject exactly as written: trailing and leading spaces, case and normalisation kept",
    needs: NEEDS,
    run: async (ctx) => {
      for (const subject of lookalikes(baseSubject())) {
        const key = await boundSession(ctx, subject);
        assert.equal((await ctx.provider.read(key))?.subject, subject, `read(key).subject for ${JSON.stringify(subject)}`);
      }
    },
  },
  {
    name: "listSubject(subject) lists only sessions bound to exactly that subject, never to one differing by spaces, case or normalisation",
    needs: NEEDS,
    run: async (ctx) => {
      const subject = baseSubject();
      const own = await boundSession(ctx, subject);
      for (const other of lookalikes(subject)) {
        assert.deepEqual(await subjects(ctx).listSubject(other), [], `listSubject(${JSON.stringify(other)}) listed the sessions of ${JSON.stringify(subject)}`);
      }
      const keys = new Map<string, string>([[subject, own]]);
      for (const other of lookalikes(subject)) keys.set(other, await boundSession(ctx, other));
      for (const [bound, key] of keys) assert.deepEqual(await listedKeys(subjects(ctx), bound), [key], `listSubject(${JSON.stringify(bound)})`);
    },
  },
  {
    name: "destroySubject(subject) ends no session bound to a subject differing by spaces, case or normalisation",
    needs: NEEDS,
    run: async (ctx) => {
      const subject = baseSubject();
      const own = await boundSession(ctx, subject);
      for (const other of lookalikes(subject)) {
        assert.equal(await subjects(ctx).destroySubject(other), 0, `destroySubject(${JSON.stringify(other)}) ended a session of ${JSON.stringify(subject)}`);
      }
      assert.notEqual(await ctx.provider.read(own), null, "the subject's session is gone");
      assert.deepEqual(await listedKeys(subjects(ctx), subject), [own]);
    },
  },
  {
    name: "Manager.revokeSession(subject, handle) racing the device's regenerate leaves the device logged out, under its old and new ids",
    needs: NEEDS,
    run: async (ctx) => {
      const subject = freshSubject();
      let device: Awaited<ReturnType<typeof manager.load>> = null;
      // The device logs in again (regenerate) right after each of revoke's first two listings.
      const race = async () => {
        await device!.regenerate();
        await device!.release();
      };
      const manager = await createManager({ provider: racingProvider(subjects(ctx), 2, race), maxLifetime: 600, onError: () => undefined });
      try {
        const created = manager.create();
        created.setSubject(subject);
        assert.equal(await created.release(), true);
        device = await manager.load(created.id);
        assert.ok(device, "load(id) of a new bound session");
        const first = device.id;
        assert.equal(await manager.revokeSession(subject, manager.sessionHandle(device)), true);
        assert.notEqual(device.id, first, "the race did not run");
        assert.equal(await manager.load(first), null, "the old id still opens a session");
        assert.equal(await manager.load(device.id), null, "revokeSession resolved true while the regenerated session stays logged in");
        assert.deepEqual(await subjects(ctx).listSubject(subject), []);
      } finally {
        await manager.close();
      }
    },
  },
];

/**
 * Subjects are exact strings on every provider, and revoking holds. A binding compares as bytes:
 * "alice " (trailing space), "ALICE", a decomposed "é" and "e" for "é" are other users, whatever the
 * backend's collation. A revoke that races a login on the same device ends it.
 */
export const subjectSecurityGroup = defineGroup("subject-security", cases);
