import { expect } from "vitest";
import { cookiesNamed } from "../client.js";
import { type AdapterScenarioGroup, expectRule, login, marker, show, stateOf } from "../rule.js";

/** Logging in, redirects, and a plain change: the paths every app takes. */
export const loginScenarios: AdapterScenarioGroup = {
  groupName: "login and redirects",
  scenarios: [
    {
      name: "a change on a new session is stored and its cookie reaches the client",
      async run(run) {
        const browser = await run.browser();
        const value = marker();
        const outcome = await browser.send(`/change?value=${value}`);
        expect(outcome.status, show(outcome)).toBe(200);
        expect(cookiesNamed(outcome.setCookies, "sid"), "a new session with data needs its cookie").toHaveLength(1);
        await expectRule(run, browser, outcome, { marker: value });
      },
    },
    {
      name: "login: regenerate() + set() and a 303; the next request sees the user, the pre-login cookie does not",
      async run(run) {
        const browser = await run.browser();
        await browser.send(`/change?key=guest&value=${marker()}`);
        const guestCookie = browser.cookies.get("sid");
        expect(guestCookie, "the guest's change must set a cookie").toBeDefined();
        const user = await login(browser);
        expect(browser.cookies.get("sid"), "login must change the cookie (a new id)").not.toBe(guestCookie);
        const old = await stateOf(browser, "main", `sid=${guestCookie}`);
        expect(old.data.user, "the pre-login cookie must not carry the login (session fixation)").toBeUndefined();
        expect((await stateOf(browser)).data.user).toBe(user);
      },
    },
    {
      name: "a redirect right after a slow write is followed by a request that sees the change",
      async run(run) {
        const browser = await run.browser();
        const user = await login(browser);
        const value = marker(true);
        const outcome = await browser.send(`/change?value=${value}&reply=redirect`);
        expect(outcome.status, show(outcome)).toBe(303);
        await expectRule(run, browser, outcome, { marker: value, user });
        const guest = await run.browser();
        const guestValue = marker(true);
        const guestOutcome = await guest.send(`/change?value=${guestValue}&reply=redirect`);
        expect(guestOutcome.status, show(guestOutcome)).toBe(303);
        await expectRule(run, guest, guestOutcome, { marker: guestValue });
      },
    },
  ],
};
