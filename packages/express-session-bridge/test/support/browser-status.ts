import { existsSync } from "node:fs";

// The convention of examples/login/test/browser-status.mjs: Debian's Chromium (or
// SESS_CHROMIUM); without it the suite does not run and a banner says so; with
// SESS_TEST_REQUIRE_BROWSER=1 (CI, .ci/run) a missing browser fails it.

/** Where Chromium is looked for, whether it is there, and whether this run must have it. */
export function browserStatus(env = process.env) {
  const path = env.SESS_CHROMIUM ?? "/usr/bin/chromium";
  const required = env.SESS_TEST_REQUIRE_BROWSER === "1";
  const present = existsSync(path);
  return { path, present, required, run: required || (present && env.SESS_SKIP_BROWSER !== "1") };
}

/** The banner printed when the browser suite does not run; undefined when it runs. */
export function notRunBanner(status = browserStatus()): string | undefined {
  if (status.run) return undefined;
  const why = status.present ? "SESS_SKIP_BROWSER=1 is set" : `Chromium was not found at ${status.path}`;
  const line = "!".repeat(78);
  return [
    line,
    `!! NOT RUN: the express-session bridge's browser suite (packages/express-session-bridge/test/browser.test.ts): ${why}.`,
    "!! This suite was skipped, not passed. To run it: bash .ci/browser.sh, or SESS_CHROMIUM=/path/to/chromium.",
    "!! CI sets SESS_TEST_REQUIRE_BROWSER=1, which fails without a browser.",
    line,
  ].join("\n");
}
