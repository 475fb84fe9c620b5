// The switches are the login demo's (SESS_CHROMIUM, SESS_TEST_REQUIRE_BROWSER=1 in CI,
// SESS_SKIP_BROWSER=1), read by its browser-status.mjs: one convention for every browser suite.
import { browserStatus, type BrowserStatus } from "../../login/test/browser-status.mjs";

export { browserStatus };

/** The banner printed when this suite does not run; undefined when it runs. */
export function notRunBanner(status: BrowserStatus = browserStatus()): string | undefined {
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
