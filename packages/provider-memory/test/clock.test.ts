import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { memoryProvider } from "../src/index.js";

// The clock rule: expiry is judged on the provider's `now` (the application's clock), never Date.now.
describe("expiry on the application's clock", () => {
  it("a clock a day behind Date.now keeps a session live until that clock passes its expiry", async () => {
    let clock = Date.now() - 86_400_000;
    const provider = memoryProvider({ now: () => clock });
    const k = randomBytes(32).toString("hex");
    const change = { isNew: true, clear: false, set: { user: '"ann"' }, deleted: [], createdAt: clock };
    expect(await provider.write(k, change, clock + 60_000)).toBe(true);
    clock += 59_000;
    expect(await provider.read(k)).toMatchObject({ data: { user: '"ann"' }, expiresAt: clock + 1000 });
    expect(await provider.count()).toBe(1);
    clock += 2_000;
    expect(await provider.read(k)).toBeNull();
    expect(await provider.count()).toBe(0);
  });

  it("a `now` in the factory options (the Manager's clock, once core hands it over) is used when the config names none", async () => {
    let clock = Date.now() - 86_400_000;
    const options = { maxLifetime: 3600, config: { maxSessions: 10 }, now: () => clock };
    const provider = memoryProvider(options);
    const k = randomBytes(32).toString("hex");
    await provider.write(k, { isNew: true, clear: false, set: { a: "1" }, deleted: [], createdAt: clock }, clock + 60_000);
    expect(await provider.exists(k)).toBe(true);
    clock += 61_000;
    expect(await provider.exists(k)).toBe(false);
  });
});
