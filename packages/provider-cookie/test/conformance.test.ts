import { randomBytes } from "node:crypto";
import { describe, it } from "vitest";
import { sealingProviderConformance } from "@sess/conformance";
import { cookieProvider } from "../src/index.js";

const [k1, k2, k3] = [randomBytes(32), randomBytes(32), randomBytes(32)];

describe("@sess/provider-cookie conformance (sealing provider)", () => {
  sealingProviderConformance(it, () => cookieProvider({ keys: [k1, k2] }), {
    createForeign: () => cookieProvider({ keys: [k3] }),
    rotation: { older: () => cookieProvider({ keys: [k2] }), newer: () => cookieProvider({ keys: [k1, k2] }) },
  });
});
