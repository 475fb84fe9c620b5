import { notRunBanner } from "./browser-status.mjs";

// A skipped suite must not read as a pass: say so loudly in this package's test output.
export function setup(): () => void {
  const banner = notRunBanner();
  if (banner) console.log(`\n${banner}\n`);
  return () => {
    if (banner) console.log(`\n${banner}\n`);
  };
}
