import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Provider } from "@sess/core/provider";
import type { CaseContext } from "../context.js";
import { change, created } from "./changes.js";

/** The subject capability as a case uses it; the runner skips cases whose provider lacks it. */
export type SubjectCapable = Provider & Required<Pick<Provider, "listSubject" | "destroySubject">>;

/** The provider under test, typed with the subject capability its case declared in `needs`. */
export function subjects(ctx: CaseContext): SubjectCapable {
  return ctx.provider as SubjectCapable;
}

/** A subject no other test or run uses. */
export function freshSubject(label = "user"): string {
  return `${label}-${randomUUID()}`;
}

/** Writes a new session bound to `subject` holding `data`; returns its key. */
export async function boundSession(ctx: CaseContext, subject: string, data: Record<string, string> = { a: "1" }, expiresAt = ctx.longExpiry()): Promise<string> {
  const key = ctx.key();
  assert.equal(await ctx.provider.write(key, { ...created(data), subject }, expiresAt), true, "write(key, isNew, subject) resolved false");
  return key;
}

/** A change to an existing session that sets `name` and leaves the binding alone. */
export function update(name: string, value = "x"): ReturnType<typeof change> {
  return change({ set: { [name]: value } });
}

/** The keys `listSubject(subject)` returns, sorted. */
export async function listedKeys(provider: SubjectCapable, subject: string): Promise<string[]> {
  const listed = await provider.listSubject(subject);
  for (const entry of listed) assert.equal(entry.record.subject, subject, `listSubject(${JSON.stringify(subject)}) listed a record bound to ${JSON.stringify(entry.record.subject)}`);
  return listed.map((entry) => entry.key).sort();
}
