import { notRunBanner } from "./browser-status.ts";

// A skipped suite must not read as a pass: say so loudly, before and after the run.
export function setup(): () => void {
  const banner = notRunBanner();
  if (banner) console.log(`\n${banner}\n`);
  return () => {
    if (banner) console.log(`\n${banner}\n`);
  };
}
