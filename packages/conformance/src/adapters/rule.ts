import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { type Browser, type Outcome, failedLoudly } from "./client.js";
import type { AdapterCapability, ManagerName } from "./harness.js";
import { FAILING_MARKER_PREFIX, MARKER_PREFIX, SLOW_MARKER_PREFIX } from "./recorder.js";
import type { StateBody } from "./routes.js";
import type { AdapterRun } from "./run.js";

/** One scenario of the adapter suite. */
export interface AdapterScenario {
  /** Reads like the behaviour it checks. */
  readonly name: string;
  /** Harness capabilities it needs; without them it is reported as not applying. */
  readonly needs?: readonly AdapterCapability[];
  /** Runs the check; a string it resolves to says why it does not apply to this provider (reported as skipped). */
  run(run: AdapterRun): Promise<void | string>;
}

/** A group of scenarios, reported under its name. */
export interface AdapterScenarioGroup {
  readonly groupName: string;
  readonly scenarios: readonly AdapterScenario[];
}

/** A value no other request writes, which the store can be searched for; "slow" delays its write, "failing" fails it. */
export function marker(kind: boolean | "slow" | "failing" = false): string {
  const prefix = kind === "failing" ? FAILING_MARKER_PREFIX : kind === true || kind === "slow" ? SLOW_MARKER_PREFIX : MARKER_PREFIX;
  return prefix + randomUUID();
}

/** Describes an outcome for a failure message. */
export function show(outcome: Outcome): string {
  const status = outcome.status === undefined ? `a network error (${String((outcome.error as Error | undefined)?.message ?? outcome.error)})` : `status ${outcome.status}`;
  return `${status}, Set-Cookie ${JSON.stringify(outcome.setCookies)}`;
}

/** What the browser's next request sees of its session under `which` manager. */
export async function stateOf(browser: Browser, which: ManagerName = "main", cookie?: string): Promise<StateBody> {
  const outcome = await browser.send(`/state?which=${which}`, cookie === undefined ? {} : { cookie });
  expect(outcome.status, `GET /state answered ${show(outcome)}`).toBe(200);
  return JSON.parse(outcome.body) as StateBody;
}

/** Logs the browser in as a fresh user (regenerate + set, a 303) and returns the user's name. */
export async function login(browser: Browser): Promise<string> {
  const user = `user-${randomUUID()}`;
  const outcome = await browser.send(`/login?user=${user}`, { method: "POST" });
  expect(outcome.status, `POST /login answered ${show(outcome)}`).toBe(303);
  const state = await stateOf(browser);
  expect(state.data.user, "after the login's redirect the next request must see the user").toBe(user);
  return user;
}

/** What the rule needs to know about one request that made a change. */
export interface RuleCheck {
  /** The value the handler set. */
  marker: string;
  /** The data key it set it under (default "m"). */
  key?: string;
  /** The manager whose session changed (default "main"). */
  which?: ManagerName;
  /** The user logged in before the request, if any: a failed request must not log them out. */
  user?: string | undefined;
}

/**
 * The one rule every adapter keeps: a change the handler made is either stored and its cookie
 * reached the client (the browser's next request sees it), or the request failed loudly (a 5xx
 * or a network error) and nothing was stored without its cookie: no orphan record, no user
 * logged out by a new id whose cookie never arrived.
 */
export async function expectRule(run: AdapterRun, browser: Browser, outcome: Outcome, check: RuleCheck): Promise<void> {
  const key = check.key ?? "m";
  const state = await stateOf(browser, check.which ?? "main");
  const seen = state.data[key] === check.marker;
  if (!failedLoudly(outcome)) {
    expect(
      seen,
      `the response succeeded (${show(outcome)}) but the next request does not see the change: a silent drop (the cookie did not reach the client, or the change was not stored)`,
    ).toBe(true);
    return;
  }
  if (seen) return;
  expect(
    await run.recorder.holds(check.marker),
    `the request failed (${show(outcome)}) and the client never got the cookie, but the change was stored: a record without its cookie`,
  ).toBe(false);
  if (check.user !== undefined) {
    expect(state.data.user, `the request failed (${show(outcome)}) and logged the user out: the old session ended and the new cookie never arrived`).toBe(check.user);
  }
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
