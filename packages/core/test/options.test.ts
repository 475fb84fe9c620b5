import { describe, expect, it } from "vitest";
import { SessErrorCode, createManager, type CreateManagerOptions } from "../src/index.js";
import { MapProvider } from "./support/map-provider.js";

function open(options: Partial<CreateManagerOptions>) {
  return createManager({ provider: new MapProvider(), maxLifetime: 60, ...options });
}

const bad: [string, Partial<CreateManagerOptions>][] = [
  ["cookieName empty", { cookieName: "" }],
  ["cookieName with a space", { cookieName: "my sid" }],
  ["cookieName with ;", { cookieName: "sid;x" }],
  ["cookieName with =", { cookieName: "sid=x" }],
  ["cookieName non-ASCII", { cookieName: "sïd" }],
  ["maxLifetime 0", { maxLifetime: 0 }],
  ["maxLifetime negative", { maxLifetime: -1 }],
  ["maxLifetime NaN", { maxLifetime: Number.NaN }],
  ["maxLifetime Infinity", { maxLifetime: Number.POSITIVE_INFINITY }],
  ["maxLifetime a string", { maxLifetime: "60" as unknown as number }],
  ["idleTimeout negative", { idleTimeout: -5 }],
  ["absoluteTimeout 0", { absoluteTimeout: 0 }],
  ["touchAfter negative", { touchAfter: -1 }],
  ["touchAfter equal to the idle timeout", { touchAfter: 60 }],
  ["touchAfter above idleTimeout", { idleTimeout: 30, touchAfter: 45 }],
  ["gcInterval 0", { gcInterval: 0 }],
  ["maxSize 0", { maxSize: 0 }],
  ["maxSize fractional", { maxSize: 1.5 }],
  ["a short secret", { secrets: ["short"] }],
  ["an empty secret after a good one", { secrets: ["a-secret-of-sixteen-or-more", ""] }],
  ["secrets not a list", { secrets: "a-secret-of-sixteen-or-more" as unknown as string[] }],
  ["sameSite none without secure", { sameSite: "none", secure: false }],
  ["sameSite unknown", { sameSite: "loose" as "lax" }],
  ["partitioned without secure", { partitioned: true, secure: false }],
  ["idFromHeader with a space", { idFromHeader: "x session" }],
  ["codec without decode", { codec: { encode: () => "" } as never }],
];

describe("createManager option validation", () => {
  it.each(bad)("%s rejects INVALID_CONFIG", async (_label, options) => {
    await expect(open(options)).rejects.toMatchObject({ name: "SessError", code: SessErrorCode.INVALID_CONFIG, message: expect.stringMatching(/^\[sess\] \[core\] /) as unknown });
  });

  it("a bad option never opens the provider", async () => {
    const p = new MapProvider();
    await expect(createManager({ provider: p, maxLifetime: -1 })).rejects.toMatchObject({ code: SessErrorCode.INVALID_CONFIG });
    expect(p.calls.size).toBe(0);
  });

  it("accepts sameSite none with secure true and touchAfter 0", async () => {
    const m = await open({ sameSite: "none", secure: true, touchAfter: 0, secrets: ["a-secret-of-sixteen-or-more"] });
    expect(m.cookieName).toBe("sid");
    await m.close();
  });
});
