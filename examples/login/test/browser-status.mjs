// Whether the demo's browser suite can run, shared by the suite, its vitest global setup and
// the root `npm test` script's closing note. Plain JavaScript with no imports but Node's, so a
// shell can run it: `node examples/login/test/browser-status.mjs` prints the note, if any.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Where Chromium is looked for, whether it is there, and whether this run must have it. */
export function browserStatus(env = process.env) {
  const path = env.SESS_CHROMIUM ?? "/usr/bin/chromium";
  const required = env.SESS_TEST_REQUIRE_BROWSER === "1";
  const present = existsSync(path);
  const skipped = env.SESS_SKIP_BROWSER === "1";
  return { path, present, required, run: required || (present && !skipped) };
}

/** The banner printed when the browser suite does not run; undefined when it runs. */
export function notRunBanner(status = browserStatus()) {
  if (status.run) return undefined;
  const why = status.present ? "SESS_SKIP_BROWSER=1 is set" : `Chromium was not found at ${status.path}`;
  const line = "!".repeat(78);
  return [
    line,
    `!! NOT RUN: the login demo's browser suite (examples/login/test/browser.test.ts): ${why}.`,
    "!! Everything else passed or failed on its own; this suite was skipped, not passed.",
    "!! To run it: bash .ci/browser.sh (apt-get install chromium), or SESS_CHROMIUM=/path/to/chromium,",
    "!! then npm test again. CI sets SESS_TEST_REQUIRE_BROWSER=1, which fails without a browser.",
    line,
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const banner = notRunBanner();
  if (banner) console.log(`\n${banner}\n`);
}
