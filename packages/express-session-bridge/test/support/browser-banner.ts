import { notRunBanner } from "./browser-status.js";

// A skipped suite must not read as a pass: say so loudly before and after this package's tests.
export function setup(): () => void {
  const banner = notRunBanner();
  if (banner) console.log(`\n${banner}\n`);
  return () => {
    if (banner) console.log(`\n${banner}\n`);
  };
}
