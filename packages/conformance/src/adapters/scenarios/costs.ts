import { expect } from "vitest";
import { storageKeyOf } from "@sess/core/provider";
import { type AdapterScenarioGroup, login, show, sleep, stateOf } from "../rule.js";

const WRITES = new Set(["write", "touch", "destroy", "regenerate"]);

/** What a request costs the store. */
export const costScenarios: AdapterScenarioGroup = {
  groupName: "store calls",
  scenarios: [
    {
      name: "a route that never touches the session writes nothing, reads at most what the harness declares, and sends no cookie",
      async run(run) {
        const browser = await run.browser();
        await login(browser);
        const key = storageKeyOf((await stateOf(browser)).id);
        const before = run.recorder.callsFor(key).length;
        const outcome = await browser.send("/untouched");
        expect(outcome.status, show(outcome)).toBe(200);
        expect(outcome.setCookies, "an untouched route needs no cookie").toEqual([]);
        await sleep(20);
        const calls = run.recorder.callsFor(key).slice(before);
        expect(calls.filter((method) => WRITES.has(method)), "an untouched route must not write").toEqual([]);
        const reads = calls.filter((method) => method === "read" || method === "exists").length;
        expect(reads, `the harness declares ${run.harness.untouchedReads} read(s) for an untouched route`).toBeLessThanOrEqual(run.harness.untouchedReads);
      },
    },
  ],
};
