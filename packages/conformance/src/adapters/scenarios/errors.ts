import { expect } from "vitest";
import { failedLoudly } from "../client.js";
import { type AdapterScenarioGroup, expectRule, login, marker, show } from "../rule.js";
import type { AdapterRun } from "../run.js";

/** A handler that throws after `change` (query text): a 500 from the framework's error handling, and the rule. */
async function throwAfter(run: AdapterRun, change: string, loggedIn: boolean): Promise<void> {
  const browser = await run.browser();
  const user = loggedIn ? await login(browser) : undefined;
  const value = marker();
  const outcome = await browser.send(`/change?value=${value}&reply=throw${change}`);
  expect(outcome.status, `the framework's error handling must answer the thrown error with a 500, got ${show(outcome)}`).toBe(500);
  expect(
    run.handled.some((error) => error instanceof Error && error.message.includes(value)),
    "the thrown error must reach the framework's error handler",
  ).toBe(true);
  await expectRule(run, browser, outcome, { marker: value, user });
}

/** Errors after a change, through each framework's usual error handling. */
export const errorScenarios: AdapterScenarioGroup = {
  groupName: "errors after a change",
  scenarios: [
    {
      name: "an error thrown after a change on a new session: a 500, and the change stored with its cookie or not at all",
      run: (run) => throwAfter(run, "", false),
    },
    {
      name: "an error thrown after regenerate() + set() on a logged-in session: a 500, and the user stays logged in",
      run: (run) => throwAfter(run, "&regenerate=1", true),
    },
    {
      name: "an error thrown after a change on a logged-in session: a 500, and the change stored or not, the user logged in",
      run: (run) => throwAfter(run, "", true),
    },
    {
      name: "Response.error() after a change: a network error or 5xx reaches the client, and the change is stored with its cookie or not at all",
      needs: ["network-error"],
      async run(run) {
        for (const loggedIn of [false, true]) {
          const browser = await run.browser();
          const user = loggedIn ? await login(browser) : undefined;
          const value = marker();
          // No regenerate(): it moves the record at once, and a network error can carry no cookie.
          const outcome = await browser.send(`/change?value=${value}&reply=network-error`);
          expect(failedLoudly(outcome), `a network error must not reach the client as a success: ${show(outcome)}`).toBe(true);
          await expectRule(run, browser, outcome, { marker: value, user });
        }
      },
    },
  ],
};
