import { existsSync } from "node:fs";

// The same switches as the login demo's browser suite (examples/login/test/browser-status.mjs):
// SESS_CHROMIUM, SESS_TEST_REQUIRE_BROWSER=1 (CI: a missing browser fails), SESS_SKIP_BROWSER=1.

/** Where Chromium is looked for, whether it is there, and whether this run must have it. */
export function browserStatus(env = process.env) {
  const path = env.SESS_CHROMIUM ?? "/usr/bin/chromium";
  const required = env.SESS_TEST_REQUIRE_BROWSER === "1";
  const present = existsSync(path);
  const skipped = env.SESS_SKIP_BROWSER === "1";
  return { path, present, required, run: required || (present && !skipped) };
}

/** The banner printed when the browser suite does not run; undefined when it runs. */
export function notRunBanner(status = browserStatus()): string | undefined {
  if (status.run) return undefined;
  const why = status.present ? "SESS_SKIP_BROWSER=1 is set" : `Chromium was not found at ${status.path}`;
  const line = "!".repeat(78);
  return [
    line,
    `!! NOT RUN: the Next.js example's browser suite (examples/next/test/browser.test.ts): ${why}.`,
    "!! It was skipped, not passed. To run it: bash .ci/browser.sh, or SESS_CHROMIUM=/path/to/chromium.",
    "!! CI sets SESS_TEST_REQUIRE_BROWSER=1, which fails without a browser.",
    line,
  ].join("\n");
}
