import { describe, it } from "vitest";
import { memoryProvider } from "@sess/provider-memory";
import { providerConformance } from "@sess/conformance";

// The reference provider must pass every group it can run; outage is skipped by option
// (there is no backend to cut) and shows up in the report as skipped.
describe("@sess/provider-memory", () => {
  providerConformance(it, () => memoryProvider(), { skip: ["outage"], clock: (now) => memoryProvider({ maxLifetime: 3600, now }) });
});
