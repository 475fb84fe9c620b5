import { describe, expect, it } from "vitest";
import { memoryProvider } from "@sess/provider-memory";
import { basicGroup, conformanceNames, outageGroup, providerConformance, type ConformanceOptions } from "@sess/conformance";
import { collect, named } from "./support/collect.js";

function registered(options: ConformanceOptions): { run: string[]; skipped: string[]; timeouts: (number | undefined)[] } {
  const run: string[] = [];
  const skipped: string[] = [];
  const timeouts: (number | undefined)[] = [];
  const fake = Object.assign(
    (name: string, _fn: unknown, timeout?: number) => {
      run.push(name);
      timeouts.push(timeout);
    },
    { skip: (name: string) => void skipped.push(name), describe: (_name: string, fn: () => void) => fn() },
  );
  providerConformance(fake, () => memoryProvider(), options);
  return { run, skipped, timeouts };
}

describe("providerConformance(it, createProvider, options) registration", () => {
  it("registers every test of every group, run or skipped", () => {
    const { run, skipped } = registered({});
    const { tests } = conformanceNames();
    expect(run.length + skipped.length).toBe(tests.length);
    expect(new Set(tests).size).toBe(tests.length);
  });

  it("registers the outage group as skipped, with the reason, when no outage option is given", () => {
    const { run, skipped } = registered({});
    for (const name of outageGroup.testNames) {
      expect(run).not.toContain(name);
      expect(skipped).toContain(`${name} (skipped: no outage option: the suite has no backend to cut)`);
    }
  });

  it("registers the persistence group as skipped unless persistent is set", () => {
    expect(registered({}).skipped.filter((n) => n.includes("reopen")).length).toBeGreaterThan(0);
    expect(registered({ persistent: true }).skipped.filter((n) => n.includes("reopen"))).toEqual([]);
  });

  it("skips a group by name and a single test by its exact name", () => {
    const single = "touch(key) sets an earlier expiresAt too";
    const { run, skipped } = registered({ skip: ["basic", single] });
    for (const name of basicGroup.testNames) expect(skipped).toContain(`${name} (skipped: skip: "basic")`);
    expect(skipped).toContain(`${single} (skipped: skip: this test)`);
    expect(run).not.toContain(single);
  });

  it("throws for a skip name that is no group or test, so a typo cannot switch nothing off", () => {
    expect(() => registered({ skip: ["persistance"] })).toThrow(/"persistance"/);
  });

  it("refuses a ttlGranularityMs below 1 and a maxDataBytes that is not an integer", () => {
    expect(() => registered({ ttlGranularityMs: 0 })).toThrow(/ttlGranularityMs/);
    expect(() => registered({ maxDataBytes: 1.5 })).toThrow(/maxDataBytes/);
  });

  it("hands every test timeoutMs, and the outage tests enough for their deadlines on top", () => {
    const outage = { target: { host: "127.0.0.1", port: 1 }, createProvider: () => memoryProvider(), deadlineMs: 2000, recoverWithinMs: 10_000 };
    const { run, timeouts } = registered({ timeoutMs: 1234, outage });
    run.forEach((name, i) => {
      const expected = outageGroup.testNames.includes(name) ? 3 * 2000 + 10_000 : 1234;
      expect(timeouts[i], name).toBeGreaterThanOrEqual(expected);
    });
  });

  it("passes a group exported alone on the memory provider", async () => {
    const results = await collect((fake) => basicGroup(fake, () => memoryProvider(), { timeoutMs: 1234 }));
    expect(named(results, "failed")).toEqual([]);
    expect(named(results, "passed")).toEqual([...basicGroup.testNames]);
  });
});
