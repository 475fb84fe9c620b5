// map-provider.test.ts
import { describe, it } from "vitest";
import { providerConformance } from "@sess/conformance";
import { mapProvider } from "./map-provider.js";

describe("map provider", () => {
  // No outage group: there is no backend to cut. exists() and gc() tests skip themselves.
  providerConformance(it, () => mapProvider(), { skip: ["outage"] });
});
