import assert from "node:assert/strict";
import type { ConformanceCase } from "../group.js";
import { defineGroup } from "../group.js";
import { assertData } from "../support/assertions.js";
import { change, created } from "../support/changes.js";
import { expiredRecord } from "../support/records.js";
import { boundSession, freshSubject, listedKeys, subjects, update } from "../support/subjects.js";
import { subjectRaceCases } from "./subject-races.js";

const NEEDS = ["listSubject", "destroySubject"] as const;

// Subjects are application strings (user ids, emails): none may become a path, a pattern or a Redis hash tag of its own.
const ODD_SUBJECTS = ["../../etc/passwd", "a:b*c?", "{tag}", "ü ☃ 𝄞", "%s%n", "'; DROP TABLE sessions; --", "x".repeat(210)];

const cases: ConformanceCase[] = [
  {
    name: "listSubject(subject) lists a session written with that subject, and read(key) returns the subject",
    run: async (ctx) => {
      const subject = freshSubject();
      const createdAt = Date.now() - 5_000;
      const expiresAt = ctx.longExpiry();
      const key = ctx.key();
      await ctx.provider.write(key, { ...created({ ua: "curl" }, createdAt), subject }, expiresAt);
      const listed = await subjects(ctx).listSubject(subject);
      assert.deepEqual(listed.map((e) => e.key), [key]);
      assertData(listed[0]!.record, { ua: "curl" }, "listSubject(subject)[0].record");
      assert.ok(Math.abs(listed[0]!.record.createdAt - createdAt) <= ctx.options.ttlGranularityMs, "createdAt in the listed record");
      assert.ok(Math.abs(listed[0]!.record.expiresAt - expiresAt) <= ctx.options.ttlGranularityMs, "expiresAt in the listed record");
      assert.equal((await ctx.provider.read(key))?.subject, subject);
    },
  },
  {
    name: "listSubject(subject) returns [] for a subject nothing was written with",
    run: async (ctx) => {
      await boundSession(ctx, freshSubject());
      assert.deepEqual(await subjects(ctx).listSubject(freshSubject()), []);
    },
  },
  {
    name: "write(key) without a subject keeps the binding; subject null removes it",
    run: async (ctx) => {
      const subject = freshSubject();
      const key = await boundSession(ctx, subject);
      await ctx.provider.write(key, update("b"), ctx.longExpiry());
      await ctx.provider.write(key, change({ clear: true, set: { c: "3" } }), ctx.longExpiry());
      await ctx.provider.touch(key, ctx.longExpiry());
      assert.deepEqual(await listedKeys(subjects(ctx), subject), [key]);
      assert.equal(await ctx.provider.write(key, { ...update("d"), subject: null }, ctx.longExpiry()), true);
      assert.deepEqual(await subjects(ctx).listSubject(subject), []);
      const record = assertData(await ctx.provider.read(key), { c: "3", d: "x" });
      assert.equal(record.subject, undefined, "read(key).subject after the binding was removed");
    },
  },
  {
    name: "write(key) with another subject moves the session to that subject",
    run: async (ctx) => {
      const [first, second] = [freshSubject(), freshSubject()];
      const key = await boundSession(ctx, first);
      await ctx.provider.write(key, { ...update("b"), subject: second }, ctx.longExpiry());
      assert.deepEqual(await subjects(ctx).listSubject(first), []);
      assert.deepEqual(await listedKeys(subjects(ctx), second), [key]);
    },
  },
  {
    name: "listSubject(subject) lists each of the subject's sessions once and none of another's",
    run: async (ctx) => {
      const [mine, theirs] = [freshSubject(), freshSubject()];
      const keys = [];
      for (let i = 0; i < 5; i++) keys.push(await boundSession(ctx, mine, { n: String(i) }));
      await boundSession(ctx, theirs);
      const unbound = ctx.key();
      await ctx.provider.write(unbound, created({ a: "1" }), ctx.longExpiry());
      for (const key of keys) await ctx.provider.write(key, update("again"), ctx.longExpiry());
      assert.deepEqual(await listedKeys(subjects(ctx), mine), keys.sort());
    },
  },
  {
    name: "regenerate(old, new) moves the binding: listSubject lists new, not old",
    run: async (ctx) => {
      const subject = freshSubject();
      const from = await boundSession(ctx, subject);
      const to = ctx.key();
      assert.equal(await ctx.provider.regenerate(from, to), true);
      assert.deepEqual(await listedKeys(subjects(ctx), subject), [to]);
      assert.equal((await ctx.provider.read(to))?.subject, subject);
    },
  },
  {
    name: "listSubject(subject) never lists a session after destroy(key)",
    run: async (ctx) => {
      const subject = freshSubject();
      const [gone, kept] = [await boundSession(ctx, subject), await boundSession(ctx, subject)];
      await ctx.provider.destroy(gone);
      assert.deepEqual(await listedKeys(subjects(ctx), subject), [kept]);
    },
  },
  {
    name: "listSubject(subject) never lists an expired session, before or after gc()",
    run: async (ctx) => {
      const subject = freshSubject();
      const expiresAt = ctx.shortExpiry();
      const expired = await boundSession(ctx, subject, { a: "1" }, expiresAt);
      const live = await boundSession(ctx, subject);
      await ctx.waitPast(expiresAt);
      assert.deepEqual(await listedKeys(subjects(ctx), subject), [live]);
      await ctx.provider.gc?.();
      assert.deepEqual(await listedKeys(subjects(ctx), subject), [live]);
      assert.equal(await ctx.provider.read(expired), null);
    },
  },
  {
    name: "a session bound after it expired and was written again as new is listed once",
    run: async (ctx) => {
      const subject = freshSubject();
      const key = await expiredRecord(ctx);
      await ctx.provider.write(key, { ...created({ again: "1" }), subject }, ctx.longExpiry());
      assert.deepEqual(await listedKeys(subjects(ctx), subject), [key]);
    },
  },
  {
    name: "destroySubject(subject) destroys every session of the subject and no other, resolving how many",
    run: async (ctx) => {
      const [mine, theirs] = [freshSubject(), freshSubject()];
      const keys = [];
      for (let i = 0; i < 4; i++) keys.push(await boundSession(ctx, mine));
      const other = await boundSession(ctx, theirs);
      const unbound = ctx.key();
      await ctx.provider.write(unbound, created({ a: "1" }), ctx.longExpiry());
      assert.equal(await subjects(ctx).destroySubject(mine), 4);
      for (const key of keys) {
        assert.equal(await ctx.provider.read(key), null, "read(key) found a session of the revoked subject");
        assert.equal(await ctx.provider.write(key, update("after"), ctx.longExpiry()), false, "a write after destroySubject revived a session");
      }
      assert.deepEqual(await subjects(ctx).listSubject(mine), []);
      assertData(await ctx.provider.read(other), { a: "1" }, "read(another subject's session)");
      assertData(await ctx.provider.read(unbound), { a: "1" }, "read(an unbound session)");
    },
  },
  {
    name: "destroySubject(subject, exceptKey) keeps the excepted session",
    run: async (ctx) => {
      const subject = freshSubject();
      const [current, a, b] = [await boundSession(ctx, subject), await boundSession(ctx, subject), await boundSession(ctx, subject)];
      assert.equal(await subjects(ctx).destroySubject(subject, current), 2);
      assert.deepEqual(await listedKeys(subjects(ctx), subject), [current]);
      assert.equal(await ctx.provider.read(a), null);
      assert.equal(await ctx.provider.read(b), null);
    },
  },
  {
    name: "destroySubject(subject) resolves 0 for a subject without sessions",
    run: async (ctx) => {
      assert.equal(await subjects(ctx).destroySubject(freshSubject()), 0);
    },
  },
  {
    name: "subjects with path, pattern, quote and hash-tag characters are kept apart",
    run: async (ctx) => {
      const suffix = freshSubject("");
      const keys = new Map<string, string>();
      for (const odd of ODD_SUBJECTS) keys.set(odd, await boundSession(ctx, (odd + suffix).slice(0, 256)));
      for (const [odd, key] of keys) assert.deepEqual(await listedKeys(subjects(ctx), (odd + suffix).slice(0, 256)), [key], `listSubject(${JSON.stringify(odd)})`);
      const first = ODD_SUBJECTS[0]!;
      assert.equal(await subjects(ctx).destroySubject((first + suffix).slice(0, 256)), 1);
      for (const [odd, key] of keys) assert.equal((await ctx.provider.read(key)) === null, odd === first, `read(key of ${JSON.stringify(odd)})`);
    },
  },
];

/** The subject capability: a user's sessions listed and revoked through an index kept atomically with the records. */
export const subjectsGroup = defineGroup(
  "subjects",
  [...cases, ...subjectRaceCases].map((c) => ({ ...c, needs: NEEDS })),
);
