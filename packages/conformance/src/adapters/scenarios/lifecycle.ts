import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { isSessError } from "@sess/core";
import { cookiesNamed } from "../client.js";
import { type AdapterScenarioGroup, expectRule, login, marker, show, sleep, stateOf } from "../rule.js";

/** An error for a failure message. */
function shown(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : JSON.stringify(error);
}

/** Changes after the adapter committed, several managers and mounts, start() inside an adapter. */
export const lifecycleScenarios: AdapterScenarioGroup = {
  groupName: "session lifecycle",
  scenarios: [
    {
      name: "a change after the response was sent (and, where the handler releases, a release) throws a typed SessError, or reaches the next request",
      async run(run) {
        const browser = await run.browser();
        await login(browser);
        const token = randomUUID();
        const outcome = await browser.send(`/capture?token=${token}`);
        expect(outcome.status, show(outcome)).toBe(200);
        const session = run.captured.get(token)!;
        run.captured.delete(token);
        const value = marker();
        let thrown: unknown;
        try {
          session.set("late", value);
          if (run.harness.handlerReleases === true) await session.release();
        } catch (error) {
          thrown = error;
        }
        if (thrown !== undefined) {
          expect(isSessError(thrown), `a refused late change must be a SessError, got ${shown(thrown)}`).toBe(true);
          return;
        }
        await sleep(50);
        expect((await stateOf(browser)).data.late, "set() after the response was accepted, and no request will ever see it: a silent drop").toBe(value);
      },
    },
    {
      name: "a change in the middle of a streamed response (server-sent events) (and, where the handler releases, a release) throws a typed SessError, or reaches the next request",
      needs: ["stream:sse"],
      async run(run) {
        const browser = await run.browser();
        await login(browser);
        const token = marker();
        const outcome = await browser.send(`/change?value=${marker()}&reply=stream&style=sse&late=${token}`);
        expect(run.late.has(token), `the stream's handler must have tried its late change (${show(outcome)})`).toBe(true);
        const error = run.late.get(token);
        if (error !== undefined) {
          expect(isSessError(error), `a refused late change must be a SessError, got ${shown(error)}`).toBe(true);
          return;
        }
        await sleep(50);
        expect((await stateOf(browser)).data.late, "set() after the headers went out was accepted, and no request will ever see it: a silent drop").toBe(token);
      },
    },
    {
      name: "two managers on one request: both changes stored and both cookies sent",
      async run(run) {
        const browser = await run.browser();
        const [first, second] = [marker(), marker()];
        const outcome = await browser.send(`/both?value=${first}&value2=${second}`, { method: "POST" });
        expect(outcome.status, show(outcome)).toBe(200);
        expect(cookiesNamed(outcome.setCookies, "sid"), "the main manager's cookie").toHaveLength(1);
        expect(cookiesNamed(outcome.setCookies, "cart"), "the second manager's cookie").toHaveLength(1);
        await expectRule(run, browser, outcome, { marker: first });
        await expectRule(run, browser, outcome, { marker: second, which: "second" });
      },
    },
    {
      name: "the session middleware mounted twice: the change is stored and one cookie value is sent",
      async run(run) {
        for (const loggedIn of [false, true]) {
          const browser = await run.browser();
          const user = loggedIn ? await login(browser) : undefined;
          const value = marker();
          const outcome = await browser.send(`/twice?value=${value}`, { method: "POST" });
          expect(outcome.status, show(outcome)).toBe(200);
          const values = new Set(cookiesNamed(outcome.setCookies, "sid").map((line) => line.split(";")[0]));
          expect(values.size, `one session cookie value, got ${JSON.stringify(outcome.setCookies)}`).toBe(1);
          await expectRule(run, browser, outcome, { marker: value, user });
        }
      },
    },
    {
      name: "start() inside a handler is the request's session; after destroy() it gives a fresh one whose flash reaches the next request",
      async run(run) {
        const browser = await run.browser();
        await login(browser);
        const before = browser.cookies.get("sid");
        const value = marker();
        const outcome = await browser.send(`/logout-flash?value=${value}`, { method: "POST" });
        expect(outcome.status, show(outcome)).toBe(200);
        expect(JSON.parse(outcome.body), "start() must return the session the adapter handed out, and a new one after destroy()").toEqual({ same: true, fresh: true });
        const after = await browser.send("/state?flashes=bye");
        const state = JSON.parse(after.body) as { data: Record<string, unknown>; flashes: unknown[] };
        expect(state.flashes, "the flash on the fresh session must reach the next request").toEqual([value]);
        expect(state.data.user, "the destroyed session's user must be gone").toBeUndefined();
        const { sealed } = await run.ready();
        if (!sealed) expect((await stateOf(browser, "main", `sid=${before}`)).data.user, "the destroyed id must not load again").toBeUndefined();
      },
    },
  ],
};
