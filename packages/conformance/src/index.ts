/**
 * @sess/conformance: the test suite every sess provider must pass.
 *
 *   describe("my provider", () => providerConformance(it, () => myProvider(), { ttlGranularityMs: 1 }));
 */
import type { CreateProvider } from "./context.js";
import { registerGroup, type TestRegistrar } from "./group.js";
import { allGroups } from "./groups/index.js";
import { resolveOptions, type ConformanceOptions } from "./options.js";

export type { CreateProvider } from "./context.js";
export { CaseContext } from "./context.js";
export type { ConformanceCase, ConformanceGroup, RunnerContext, TestBody, TestRegistrar } from "./group.js";
export { existsOf, type Capability } from "./support/capabilities.js";
export { defineGroup } from "./group.js";
export type { ConformanceOptions, OutageOptions, ResolvedOptions, ServiceAddress } from "./options.js";
export * from "./groups/index.js";

/** Every name `skip` accepts: group names and test names. */
export function conformanceNames(): { groups: string[]; tests: string[] } {
  return { groups: allGroups.map((g) => g.groupName), tests: allGroups.flatMap((g) => g.testNames) };
}

/**
 * Registers the whole suite with the runner's `it`. `createProvider` opens a fresh, ready
 * provider for each test; the suite closes it afterwards. Switched-off tests are registered
 * as skipped, with the reason in their name.
 */
export function providerConformance(it: TestRegistrar, createProvider: CreateProvider, options: ConformanceOptions = {}): void {
  const resolved = resolveOptions(options);
  const { groups, tests } = conformanceNames();
  const known = new Set([...groups, ...tests]);
  const unknown = [...resolved.skip].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new TypeError(`providerConformance: skip names no group or test: ${unknown.map((n) => JSON.stringify(n)).join(", ")}`);
  }
  for (const group of allGroups) registerGroup(it, createProvider, resolved, group);
}
export { sealingProviderConformance, type SealingConformanceOptions } from "./sealing.js";
