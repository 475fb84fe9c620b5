/**
 * @sess/conformance/adapters: the suite every sess framework adapter must pass, over real HTTP.
 *
 *   describe("my adapter", () => adapterConformance(it, myHarness, { createProvider: () => new MemoryProvider() }));
 */
import { afterAll as vitestAfterAll, describe as vitestDescribe } from "vitest";
import type { TestRegistrar } from "../group.js";
import type { AdapterCapabilities, AdapterHarness } from "./harness.js";
import type { AdapterScenarioGroup } from "./rule.js";
import { AdapterRun, type CreateAdapterProvider } from "./run.js";
import { costScenarios } from "./scenarios/costs.js";
import { failureScenarios } from "./scenarios/failures.js";
import { errorScenarios } from "./scenarios/errors.js";
import { hostileScenarios } from "./scenarios/hostile.js";
import { lifecycleScenarios } from "./scenarios/lifecycle.js";
import { loginScenarios } from "./scenarios/login.js";
import { streamingScenarios } from "./scenarios/streaming.js";

export type * from "./harness.js";
export { listen, nodeBody, streamContentType, toFetchResponse, webBody, wireChunk, writeChunks } from "./bodies.js";
export type { CreateAdapterProvider } from "./run.js";
export type { AdapterScenario, AdapterScenarioGroup } from "./rule.js";

/** Every group of the adapter suite, in the order they are registered. */
export const adapterScenarioGroups: readonly AdapterScenarioGroup[] = [
  loginScenarios,
  streamingScenarios,
  errorScenarios,
  lifecycleScenarios,
  hostileScenarios,
  failureScenarios,
  costScenarios,
];

/** The runner's `it`, optionally with `afterAll` (vitest's is used when absent). */
export interface AdapterRegistrar extends TestRegistrar {
  afterAll?: (fn: () => Promise<void>) => void;
}

/** What the suite needs beside the harness. */
export interface AdapterConformanceOptions {
  /** Opens a fresh provider; called once for each of the app's two managers. */
  createProvider: CreateAdapterProvider;
  /** Scenarios or groups to register as skipped, each with the reason the report shows. Unknown names throw. */
  skip?: Readonly<Record<string, string>>;
  /**
   * Scenarios an adapter is known to fail, each with the defect: each still runs and must fail
   * (the report shows the defect); one that passes fails, so the entry is removed once it is fixed.
   * Unknown names throw.
   */
  knownRed?: Readonly<Record<string, string>>;
  /** Timeout of each scenario in ms (default 20000). */
  timeoutMs?: number;
}

const CAPABILITIES: readonly (keyof AdapterCapabilities)[] = [
  "stream:write",
  "stream:sse",
  "stream:web-stream",
  "send-file",
  "flush-headers",
  "take-over",
  "network-error",
];

/** Every name `skip` accepts: group names and scenario names. */
export function adapterScenarioNames(): { groups: string[]; scenarios: string[] } {
  return {
    groups: adapterScenarioGroups.map((g) => g.groupName),
    scenarios: adapterScenarioGroups.flatMap((g) => g.scenarios.map((s) => s.name)),
  };
}

/**
 * Registers the adapter suite with the runner's `it`: one app per call, started on first use
 * over two managers on `createProvider`'s providers, shared by every scenario and closed after
 * them. A scenario needing a capability the harness declares missing, or one `skip` names, is
 * registered as skipped with the reason in its name.
 */
export function adapterConformance(it: AdapterRegistrar, harness: AdapterHarness, options: AdapterConformanceOptions): void {
  for (const capability of CAPABILITIES) {
    const value = harness.capabilities[capability] as unknown;
    if (value !== true && (typeof value !== "string" || value === "")) {
      throw new TypeError(`adapterConformance: the harness must declare "${capability}": true, or a sentence saying why it does not apply`);
    }
  }
  const skip = options.skip ?? {};
  const knownRed = options.knownRed ?? {};
  const { groups, scenarios } = adapterScenarioNames();
  const known = new Set([...groups, ...scenarios]);
  for (const [option, names] of [["skip", Object.keys(skip)], ["knownRed", Object.keys(knownRed)]] as const) {
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length > 0) throw new TypeError(`adapterConformance: ${option} names no group or scenario: ${unknown.map((n) => JSON.stringify(n)).join(", ")}`);
  }
  const describe = it.describe ?? vitestDescribe;
  const afterAll = it.afterAll ?? vitestAfterAll;
  const timeout = options.timeoutMs ?? 20_000;
  describe(`adapter conformance: ${harness.name}`, () => {
    const run = new AdapterRun(harness, options.createProvider);
    afterAll(() => run.close());
    for (const group of adapterScenarioGroups) {
      describe(group.groupName, () => {
        for (const scenario of group.scenarios) {
          const lacking = (scenario.needs ?? []).map((c) => harness.capabilities[c]).find((v): v is string => v !== true);
          const reason = skip[group.groupName] ?? skip[scenario.name] ?? (lacking === undefined ? undefined : `does not apply to ${harness.name}: ${lacking}`);
          if (reason !== undefined) {
            it.skip(`${scenario.name} (skipped: ${reason})`, async () => undefined);
            continue;
          }
          const defect = knownRed[scenario.name];
          if (defect !== undefined) {
            it(`${scenario.name} (known red: ${defect})`, async () => {
              await run.ready();
              try {
                await scenario.run(run);
              } catch {
                return; // still red, as declared
              }
              throw new Error(`"${scenario.name}" is declared known red but passes now: remove it from knownRed`);
            }, timeout);
            continue;
          }
          it(scenario.name, async (context) => {
            await run.ready();
            const notApplying = await scenario.run(run);
            if (typeof notApplying !== "string") return;
            if (context?.skip === undefined) throw new Error(`cannot run: ${notApplying}, and the runner's test context has no skip()`);
            context.skip(notApplying);
          }, timeout);
        }
      });
    }
  });
}
