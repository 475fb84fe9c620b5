import { describe, expect, it } from "vitest";
import type { Provider } from "@sess/core/provider";
import { subjectSecurityGroup } from "@sess/conformance";
import { CollatingSubjectStore } from "./fixtures/collating-subject-store.js";
import { SimpleStore } from "./fixtures/simple-store.js";
import { SubjectStore } from "./fixtures/subject-store.js";
import { collect, named, type Collected } from "./support/collect.js";

function run(create: () => Provider): Promise<Collected[]> {
  return collect((fake) => subjectSecurityGroup(fake, create));
}

const LISTING = "listSubject(subject) lists only sessions bound to exactly that subject, never to one differing by spaces, case or normalisation";
const REVOKING = "destroySubject(subject) ends no session bound to a subject differing by spaces, case or normalisation";

describe("the subject security group", () => {
  it("passes on SubjectStore, whose index compares subjects as exact strings", async () => {
    const results = await run(() => new SubjectStore());
    expect(named(results, "failed")).toEqual([]);
    expect(named(results, "passed")).toHaveLength(subjectSecurityGroup.cases.length);
  });

  it("skips every case, saying why, on a provider without listSubject/destroySubject", async () => {
    const results = await run(() => new SimpleStore());
    expect(named(results, "skipped")).toHaveLength(subjectSecurityGroup.cases.length);
    expect(results.every((r) => r.note?.includes("listSubject()"))).toBe(true);
  });

  it("fails the listing and revoking checks on a store that pads subjects with spaces (MySQL PAD SPACE)", async () => {
    expect(named(await run(() => new CollatingSubjectStore((s) => s.trimEnd())), "failed")).toEqual([LISTING, REVOKING]);
  });

  it("fails the listing and revoking checks on a store that folds case and normalisation (a _ci collation)", async () => {
    expect(named(await run(() => new CollatingSubjectStore((s) => s.normalize("NFC").toLowerCase())), "failed")).toEqual([LISTING, REVOKING]);
  });
});
