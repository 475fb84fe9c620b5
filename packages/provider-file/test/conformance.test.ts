import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, it } from "vitest";
import { providerConformance } from "@sess/conformance";
import { fileProvider } from "../src/index.js";

// One directory for the run: every test uses random keys, and reopen() must find what an earlier provider stored.
const dir = mkdtempSync(path.join(tmpdir(), "sess-file-conformance-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const open = () => fileProvider({ dir, onError: () => undefined });

// No outage option: the file system is not behind a network link the fault proxy could cut,
// so the suite registers that group as skipped ("no backend to cut"). Disk faults are in errors.test.ts.
describe("file provider conformance", () => {
  providerConformance(it, open, {
    persistent: true,
    reopen: open,
    ttlGranularityMs: 1,
    // The Manager's clock reaches the provider as ProviderOptions.now, beside the seed's config.
    // Each in a directory of its own: the group counts what one provider holds.
    clock: (now) => fileProvider({ maxLifetime: 3600, config: { dir: mkdtempSync(path.join(dir, "clock-")), onError: () => undefined }, now }),
  });
});
