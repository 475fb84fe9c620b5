import { describe, expect, it } from "vitest";
import type { Provider } from "@sess/core/provider";
import { subjectsGroup } from "@sess/conformance";
import { LaggingIndexStore, RewritingSubjectStore, StaleIndexStore } from "./fixtures/broken-subject-stores.js";
import { SimpleStore } from "./fixtures/simple-store.js";
import { SubjectStore } from "./fixtures/subject-store.js";
import { collect, named, type Collected } from "./support/collect.js";

function run(create: () => Provider): Promise<Collected[]> {
  return collect((fake) => subjectsGroup(fake, create));
}

describe("the subjects group", () => {
  it("passes on SubjectStore, whose index changes in the same turn as each record", async () => {
    const results = await run(() => new SubjectStore());
    expect(named(results, "failed")).toEqual([]);
    expect(named(results, "passed")).toHaveLength(subjectsGroup.cases.length);
  });

  it("skips every case, saying why, on a provider without listSubject/destroySubject", async () => {
    const results = await run(() => new SimpleStore());
    expect(named(results, "skipped")).toHaveLength(subjectsGroup.cases.length);
    expect(results.every((r) => r.note?.includes("listSubject()"))).toBe(true);
  });

  it("fails the regenerate race on LaggingIndexStore, an index updated in a second step beside the store", async () => {
    expect(named(await run(() => new LaggingIndexStore()), "failed")).toEqual([
      "destroySubject(subject) racing 20 regenerates leaves neither the old nor the new keys alive",
    ]);
  });

  it("fails the listing checks on StaleIndexStore, which trusts index entries whose record is gone", async () => {
    expect(named(await run(() => new StaleIndexStore()), "failed")).toEqual([
      "listSubject(subject) never lists a session after destroy(key)",
      "listSubject(subject) never lists an expired session, before or after gc()",
      "listSubject(subject) racing 20 new sessions and destroys lists only live sessions of the subject",
    ]);
  });

  it("fails the write race on RewritingSubjectStore, whose writes put back a record read before revoke-all", async () => {
    expect(named(await run(() => new RewritingSubjectStore()), "failed")).toEqual([
      "destroySubject(subject) racing 20 writes to the subject's sessions leaves none alive",
      "destroySubject(subject, exceptKey) racing 20 writes keeps exactly the excepted session",
    ]);
  });
});
