import assert from "node:assert/strict";
import type { ConformanceCase } from "../group.js";
import { boundSession, freshSubject, listedKeys, subjects, update } from "../support/subjects.js";

const RACERS = 20;

/** Revoke-all against concurrent writes and regenerates: what revoke ends stays ended. */
export const subjectRaceCases: ConformanceCase[] = [
  {
    name: `destroySubject(subject) racing ${RACERS} writes to the subject's sessions leaves none alive`,
    run: async (ctx) => {
      for (let round = 0; round < 3; round++) {
        const subject = freshSubject();
        const keys = [];
        for (let i = 0; i < RACERS; i++) keys.push(await boundSession(ctx, subject));
        // Each session gets a write before and after the revoke starts, all in flight at once.
        const before = keys.map((key, i) => ctx.provider.write(key, update(`b${i}`), ctx.longExpiry()));
        const revoked = subjects(ctx).destroySubject(subject);
        const after = keys.map((key, i) => ctx.provider.write(key, update(`a${i}`), ctx.longExpiry()));
        await Promise.all([...before, revoked, ...after]);
        for (const key of keys) assert.equal(await ctx.provider.read(key), null, `round ${round}: a session written during destroySubject survived it`);
        assert.deepEqual(await subjects(ctx).listSubject(subject), [], `round ${round}: listSubject after destroySubject`);
      }
    },
  },
  {
    name: `destroySubject(subject) racing ${RACERS} regenerates leaves neither the old nor the new keys alive`,
    run: async (ctx) => {
      for (let round = 0; round < 3; round++) {
        const subject = freshSubject();
        const keys = [];
        for (let i = 0; i < RACERS; i++) keys.push(await boundSession(ctx, subject));
        const moved = keys.map(() => ctx.key());
        const half = RACERS / 2;
        // Half the regenerates start before the revoke and half after, so some move while it runs.
        const early = keys.slice(0, half).map((key, i) => ctx.provider.regenerate(key, moved[i]!));
        const revoked = subjects(ctx).destroySubject(subject);
        const late = keys.slice(half).map((key, i) => ctx.provider.regenerate(key, moved[half + i]!));
        await Promise.all([...early, revoked, ...late]);
        for (const key of [...keys, ...moved]) {
          assert.equal(await ctx.provider.read(key), null, `round ${round}: a session regenerated during destroySubject survived it`);
        }
        assert.deepEqual(await subjects(ctx).listSubject(subject), [], `round ${round}: listSubject after destroySubject`);
      }
    },
  },
  {
    name: `destroySubject(subject, exceptKey) racing ${RACERS} writes keeps exactly the excepted session`,
    run: async (ctx) => {
      const subject = freshSubject();
      const keys = [];
      for (let i = 0; i < RACERS; i++) keys.push(await boundSession(ctx, subject));
      const current = keys[0]!;
      const writes = keys.map((key, i) => ctx.provider.write(key, update(`w${i}`), ctx.longExpiry()));
      const [count] = await Promise.all([subjects(ctx).destroySubject(subject, current), ...writes]);
      assert.equal(count, RACERS - 1);
      assert.deepEqual(await listedKeys(subjects(ctx), subject), [current]);
      assert.notEqual(await ctx.provider.read(current), null, "the excepted session is gone");
    },
  },
  {
    name: `listSubject(subject) racing ${RACERS} new sessions and destroys lists only live sessions of the subject`,
    run: async (ctx) => {
      const subject = freshSubject();
      const doomed = [];
      for (let i = 0; i < RACERS; i++) doomed.push(await boundSession(ctx, subject));
      const fresh = Array.from({ length: RACERS }, () => ctx.key());
      const work = [
        ...doomed.map((key) => ctx.provider.destroy(key)),
        ...fresh.map((key) => ctx.provider.write(key, { ...update("n"), isNew: true, subject }, ctx.longExpiry())),
      ];
      const during = subjects(ctx).listSubject(subject);
      await Promise.all(work);
      for (const entry of await during) assert.equal(entry.record.subject, subject);
      assert.deepEqual(await listedKeys(subjects(ctx), subject), fresh.sort());
    },
  },
];
