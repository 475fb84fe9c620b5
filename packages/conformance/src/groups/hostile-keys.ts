import assert from "node:assert/strict";
import { SessErrorCode, type Provider } from "@sess/core/provider";
import type { CaseContext } from "../context.js";
import { defineGroup, type ConformanceCase } from "../group.js";
import { assertData, assertTime, describe, outcomeOf, sessErrorProblem } from "../support/assertions.js";
import { change, created } from "../support/changes.js";

/**
 * Keys a provider must refuse. Several are built from a live record's key (the canary): a
 * provider that normalises paths, trims, lowercases or stringifies would land on the canary.
 */
export function hostileKeys(canary: string): { label: string; key: unknown }[] {
  return [
    { label: "../x", key: "../x" },
    { label: "..%2F..%2Fx", key: "..%2F..%2Fx" },
    { label: "x/../<canary>", key: `x/../${canary}` },
    { label: "./<canary>", key: `./${canary}` },
    { label: "<canary>/.", key: `${canary}/.` },
    { label: "/etc/passwd", key: "/etc/passwd" },
    { label: "empty string", key: "" },
    { label: "NUL", key: "\u0000" },
    { label: "<canary> + NUL", key: `${canary}\u0000` },
    { label: "<canary> + newline", key: `${canary}\n` },
    { label: "space + <canary>", key: ` ${canary}` },
    { label: "uppercase <canary>", key: canary.toUpperCase() },
    { label: "63 hex chars", key: canary.slice(0, 63) },
    { label: "65 hex chars", key: `${canary}0` },
    { label: "10 KB", key: "a".repeat(10 * 1024) },
    { label: "10 KB of hex", key: canary.repeat(160) },
    { label: "glob *", key: "*" },
    { label: "64 non-hex chars", key: "g".repeat(64) },
    { label: "number", key: 123 },
    { label: "null", key: null },
    { label: "undefined", key: undefined },
    { label: "object", key: {} },
    { label: "[<canary>] (stringifies to the canary)", key: [canary] },
    { label: "object whose toString is the canary", key: { toString: () => canary } },
  ];
}

/** A call of one provider method with a hostile key in one argument position. */
type Attempt = (provider: Provider, hostile: string, canary: string, ctx: CaseContext) => Promise<unknown>;

/** A case that writes a canary, tries `attempt` with every hostile key, and checks the canary and count are untouched. */
function refuses(name: string, attempt: Attempt, needs: ConformanceCase["needs"] = []): ConformanceCase {
  return {
    name,
    needs,
    run: async (ctx) => {
      const canary = ctx.key();
      const expiresAt = ctx.longExpiry();
      await ctx.provider.write(canary, created({ canary: "intact" }), expiresAt);
      const countBefore = await ctx.provider.count();
      const problems: string[] = [];
      for (const { label, key } of hostileKeys(canary)) {
        const outcome = await outcomeOf(() => attempt(ctx.provider, key as string, canary, ctx));
        const problem = sessErrorProblem(outcome, SessErrorCode.INVALID_KEY);
        if (problem) problems.push(`${label}: ${problem}`);
      }
      const record = await ctx.provider.read(canary);
      if (!record) problems.push("the canary record is gone");
      else {
        try {
          assertData(record, { canary: "intact" }, "read(canary)");
          assertTime(record.expiresAt, expiresAt, ctx.options.ttlGranularityMs, "the canary's expiresAt");
        } catch (error) {
          problems.push(describe(error));
        }
      }
      const countAfter = await ctx.provider.count();
      if (countAfter !== countBefore) problems.push(`count() went from ${countBefore} to ${countAfter}`);
      assert.deepEqual(problems, [], `${name}:\n  ${problems.join("\n  ")}`);
    },
  };
}

/** Every method refuses malformed storage keys with INVALID_KEY and touches nothing. */
export const hostileKeysGroup = defineGroup("hostile-keys", [
  refuses("read(key) rejects malformed storage keys with INVALID_KEY", (p, key) => p.read(key)),
  refuses("exists(key) rejects malformed storage keys with INVALID_KEY", (p, key) => p.exists?.(key) ?? Promise.reject(new Error("exists() is not implemented")), ["exists"]),
  refuses("write(key, isNew) rejects malformed storage keys with INVALID_KEY and creates nothing", (p, key, _c, ctx) =>
    p.write(key, created({ hostile: "1" }), ctx.longExpiry()),
  ),
  refuses("write(key) of a change that is not new rejects malformed storage keys with INVALID_KEY", (p, key, _c, ctx) =>
    p.write(key, change({ clear: true, set: { hostile: "1" } }), ctx.longExpiry()),
  ),
  refuses("touch(key) rejects malformed storage keys with INVALID_KEY", (p, key) => p.touch(key, Date.now() + 1000)),
  refuses("destroy(key) rejects malformed storage keys with INVALID_KEY and deletes nothing", (p, key) => p.destroy(key)),
  refuses("regenerate(old, new) rejects a malformed old key with INVALID_KEY", (p, key, _c, ctx) => p.regenerate(key, ctx.key())),
  refuses("regenerate(old, new) rejects a malformed new key with INVALID_KEY and leaves old in place", (p, key, canary) =>
    p.regenerate(canary, key),
  ),
]);
