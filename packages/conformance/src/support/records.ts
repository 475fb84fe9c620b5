import type { CaseContext } from "../context.js";
import { created } from "./changes.js";

/** Writes a new session holding `data` with a short expiry and waits until it has expired; returns its key. */
export async function expiredRecord(ctx: CaseContext, data: Record<string, string> = { a: "1" }): Promise<string> {
  const key = ctx.key();
  const expiresAt = ctx.shortExpiry();
  await ctx.provider.write(key, created(data), expiresAt);
  await ctx.waitPast(expiresAt);
  return key;
}
