import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sealingProviderConformance } from "@sess/conformance";
import { EncodingOnlySealer, GcmSealer } from "./fixtures/sealers.js";
import { collect, named } from "./support/collect.js";

const [k1, k2, k3] = [randomBytes(32), randomBytes(32), randomBytes(32)];
const options = {
  createForeign: () => new GcmSealer([k3]),
  rotation: { older: () => new GcmSealer([k2]), newer: () => new GcmSealer([k1, k2]) },
};

describe("sealingProviderConformance", () => {
  it("passes on a correct AES-GCM sealer and reports every store group as not applying", async () => {
    const results = await collect((fake) => sealingProviderConformance(fake, () => new GcmSealer([k1, k2]), options));
    expect(named(results, "failed")).toEqual([]);
    expect(named(results, "passed")).toHaveLength(8);
    expect(named(results, "skipped").every((name) => name.includes("does not apply to a sealing provider"))).toBe(true);
  });

  it("fails on a sealer that only encodes: nonces, tampering, truncation, hostile values and size are caught", async () => {
    const results = await collect((fake) => sealingProviderConformance(fake, () => new EncodingOnlySealer(), options));
    expect(named(results, "failed")).toEqual([
      "two seals of one session differ (a fresh nonce each) and both open",
      "unseal of a value with any one character changed returns null",
      "unseal of every truncation, and of the value with anything appended, returns null",
      "unseal of hostile values returns null and never throws",
      "seal accepts 2000 bytes of data and refuses 8192 with TOO_LARGE",
    ]);
  });
});
