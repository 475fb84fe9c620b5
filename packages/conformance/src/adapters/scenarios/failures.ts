import { expect } from "vitest";
import { cookiesNamed, failedLoudly } from "../client.js";
import { type AdapterScenarioGroup, expectRule, login, marker, show } from "../rule.js";
import type { AdapterRun } from "../run.js";

const SEALED = "a sealing provider stores nothing on the server, so no write can fail";

/** Whether the app's providers seal (then there is no write to fail). */
async function sealed(run: AdapterRun): Promise<boolean> {
  return (await run.ready()).sealed;
}

/** A store write that fails: the request must fail loudly, never answer as if saved. */
export const failureScenarios: AdapterScenarioGroup = {
  groupName: "store failures",
  scenarios: [
    {
      name: "a write that fails fails the request loudly, and an error answer to a redirect carries no Location",
      async run(run) {
        if (await sealed(run)) return SEALED;
        for (const reply of ["text", "redirect"]) {
          const browser = await run.browser();
          const user = await login(browser);
          const value = marker("failing");
          const outcome = await browser.send(`/change?value=${value}&reply=${reply}`);
          expect(failedLoudly(outcome), `a ${reply} whose write failed must not answer as if saved: ${show(outcome)}`).toBe(true);
          expect(outcome.header("location"), "an error answer must not send the client on to the redirect's target").toBeNull();
          await expectRule(run, browser, outcome, { marker: value, user });
        }
        return undefined;
      },
    },
    {
      name: "two managers on one request, the first one's write fails: the request fails loudly and nothing is stored without its cookie",
      async run(run) {
        if (await sealed(run)) return SEALED;
        const browser = await run.browser();
        const [failing, second] = [marker("failing"), marker()];
        const outcome = await browser.send(`/both?value=${failing}&value2=${second}`, { method: "POST" });
        expect(failedLoudly(outcome), `a request whose first write failed must not answer as if saved: ${show(outcome)}`).toBe(true);
        expect(cookiesNamed(outcome.setCookies, "sid"), "no cookie for the session whose write failed").toEqual([]);
        await expectRule(run, browser, outcome, { marker: second, which: "second" });
        return undefined;
      },
    },
  ],
};
