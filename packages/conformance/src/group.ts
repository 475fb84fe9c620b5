import { describe as vitestDescribe } from "vitest";
import { CaseContext, type CreateProvider } from "./context.js";
import { resolveOptions, type ConformanceOptions, type ResolvedOptions } from "./options.js";
import { capabilityReason, missingCapabilities, type Capability } from "./support/capabilities.js";

/** What the runner hands a test body: vitest's test context fits (its `skip(note)` marks the test skipped). */
export interface RunnerContext {
  /** Marks the running test as skipped with a note; vitest's throws to stop the test. */
  skip?: (note?: string) => void;
}

/** A test body as the runner sees it. */
export type TestBody = (context?: RunnerContext) => Promise<void>;

/**
 * The runner's test function, handed in: vitest's `it` (or `test`) fits.
 * `skip` registers a test the report shows as skipped, so no switched-off check passes silently.
 */
export interface TestRegistrar {
  (name: string, fn: TestBody, timeout?: number): void;
  /** Registers a skipped test. */
  skip: (name: string, fn?: TestBody) => void;
  /** Groups tests under a name; vitest's `describe` when absent, so each group reports on its own. */
  describe?: (name: string, fn: () => void) => void;
}

/** One check of the suite. */
export interface ConformanceCase {
  /** Reads like the call it checks: `read(key) returns null after destroy(key)`. */
  name: string;
  /** The check; `ctx.provider` is open unless `ownProvider` is set. */
  run: (ctx: CaseContext) => Promise<void>;
  /** Why the case cannot run with these options, or undefined when it can. */
  unless?: (options: ResolvedOptions) => string | undefined;
  /** The case opens its providers itself (ctx.open) instead of getting one from createProvider. */
  ownProvider?: boolean;
  /** Optional Provider methods the case calls; it is skipped, and reported so, for a provider without them. */
  needs?: readonly Capability[];
  /** This case's timeout in ms when it needs more than `timeoutMs`. */
  timeoutMs?: (options: ResolvedOptions) => number;
}

/** A group of cases, registered alone or by providerConformance. */
export interface ConformanceGroup {
  /** Registers this group's tests with `it`; see ConformanceOptions. */
  (it: TestRegistrar, createProvider: CreateProvider, options?: ConformanceOptions): void;
  /** The name `skip` switches the whole group off with. */
  readonly groupName: string;
  /** The names of the group's tests, as `skip` accepts them. */
  readonly testNames: readonly string[];
  /** The group's cases. */
  readonly cases: readonly ConformanceCase[];
  /** Why the whole group cannot run with these options, or undefined when it can. */
  readonly unless?: ((options: ResolvedOptions) => string | undefined) | undefined;
}

/** Builds a group from its cases; `unless` says why the whole group cannot run with some options. */
export function defineGroup(
  groupName: string,
  cases: readonly ConformanceCase[],
  unless?: (options: ResolvedOptions) => string | undefined,
): ConformanceGroup {
  const register = (it: TestRegistrar, createProvider: CreateProvider, options?: ConformanceOptions): void => {
    registerGroup(it, createProvider, resolveOptions(options), group);
  };
  const group: ConformanceGroup = Object.assign(register, { groupName, testNames: cases.map((c) => c.name), cases, unless });
  return group;
}

/**
 * Registers every case of `group` with `it` under `describe(groupName)`, so a failure names the
 * guarantee that broke; a case options switch off is registered as a skipped test.
 */
export function registerGroup(it: TestRegistrar, createProvider: CreateProvider, options: ResolvedOptions, group: ConformanceGroup): void {
  const describe = it.describe ?? vitestDescribe;
  describe(group.groupName, () => {
    const groupReason = options.skip.has(group.groupName) ? `skip: "${group.groupName}"` : group.unless?.(options);
    for (const testCase of group.cases) {
      const reason = groupReason ?? (options.skip.has(testCase.name) ? "skip: this test" : testCase.unless?.(options));
      if (reason !== undefined) {
        it.skip(`${testCase.name} (skipped: ${reason})`, async () => undefined);
        continue;
      }
      const timeout = Math.max(options.timeoutMs, testCase.timeoutMs?.(options) ?? 0);
      it(testCase.name, (context) => runCase(testCase, createProvider, options, context), timeout);
    }
  });
}

/**
 * Runs one case with a fresh context, always cleaning up. A case that needs an optional method
 * the provider lacks is skipped through the runner's `skip(note)`; a runner without one fails it.
 */
export async function runCase(
  testCase: ConformanceCase,
  createProvider: CreateProvider,
  options: ResolvedOptions,
  runner?: RunnerContext,
): Promise<void> {
  const ctx = new CaseContext(createProvider, options);
  try {
    if (!testCase.ownProvider) await ctx.open();
    const missing = testCase.ownProvider ? [] : missingCapabilities(ctx.provider, testCase.needs ?? []);
    if (missing.length > 0) {
      const note = capabilityReason(missing);
      if (runner?.skip === undefined) throw new Error(`cannot run: ${note}, and the runner's test context has no skip()`);
      runner.skip(note);
      return;
    }
    await testCase.run(ctx);
  } finally {
    await ctx.dispose();
  }
}
