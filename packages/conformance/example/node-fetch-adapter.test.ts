// node-fetch-adapter.test.ts
import { describe, it } from "vitest";
import { adapterConformance } from "@sess/conformance/adapters";
import { mapProvider } from "./map-provider.js";
import { nodeFetchHarness } from "./node-fetch-harness.js";

describe("node-fetch example adapter", () => {
  adapterConformance(it, nodeFetchHarness, { createProvider: () => mapProvider() });
});
