import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { isSessError } from "@sess/core";
import { cookiesNamed, expires } from "../client.js";
import { type AdapterScenarioGroup, login, marker, show, sleep, stateOf } from "../rule.js";
import { LARGE_COOKIE_BYTES } from "../run.js";

/** The cookie value with its last character changed: same shape, fails to verify. */
function forged(value: string): string {
  const last = value.at(-1) === "A" ? "B" : "A";
  return value.slice(0, -1) + last;
}

/** Clients that abort, send two cookies of one name, or very large headers. */
export const hostileScenarios: AdapterScenarioGroup = {
  groupName: "hostile and unusual clients",
  scenarios: [
    {
      name: "a client that aborts mid-request: no crash, and its session stays usable",
      async run(run) {
        const browser = await run.browser();
        const user = await login(browser);
        const token = randomUUID();
        const gate = run.gate(token);
        const abort = new AbortController();
        const pending = browser.send(`/hold?token=${token}&value=${marker()}`, { signal: abort.signal });
        await gate.entered.promise;
        abort.abort();
        const outcome = await pending;
        expect(outcome.status, "the aborted request cannot have an answer").toBeUndefined();
        gate.open.resolve();
        await gate.done.promise;
        await sleep(100);
        run.gates.delete(token);
        expect((await stateOf(browser)).data.user, "after an aborted request the user must still be logged in").toBe(user);
      },
    },
    {
      name: "two cookies of the session's name, a foreign one first: the valid one is used and no cookie is expired",
      async run(run) {
        const browser = await run.browser();
        const user = await login(browser);
        const valid = browser.cookies.get("sid")!;
        for (const foreign of [forged(valid), "not-a-session-value", `s:${randomUUID()}`]) {
          const outcome = await browser.send("/state", { cookie: `sid=${foreign}; sid=${valid}` });
          expect(outcome.status, show(outcome)).toBe(200);
          const expired = cookiesNamed(outcome.setCookies, "sid").filter(expires);
          expect(expired, `a foreign sid before the valid one must not expire the user's cookie (foreign: ${foreign})`).toEqual([]);
          expect((JSON.parse(outcome.body) as { data: Record<string, unknown> }).data.user, `the valid sid after a foreign one (${foreign}) must be used`).toBe(user);
        }
      },
    },
    {
      name: `a Cookie header of ${LARGE_COOKIE_BYTES} bytes with a valid session: the session is used, or the failure is loud (an error status, or onError hears of it)`,
      async run(run) {
        const browser = await run.browser();
        const user = await login(browser);
        const reportedBefore = run.reported.length;
        const padding = `pad=${"x".repeat(LARGE_COOKIE_BYTES)}`;
        const outcome = await browser.send("/state", { cookie: `${padding}; sid=${browser.cookies.get("sid")!}` });
        if (outcome.status === 200 && (JSON.parse(outcome.body) as { data: Record<string, unknown> }).data.user === user) return;
        // Only a report about the cookie counts: other scenarios run at the same time and report too.
        const reported = run.reported.slice(reportedBefore).some((error) => isSessError(error) && /cookie/i.test(error.message));
        const loud = outcome.status === undefined || outcome.status >= 400;
        expect(loud || reported, `the session was ignored without a trace: ${show(outcome)}, nothing reported to onError`).toBe(true);
      },
    },
  ],
};
