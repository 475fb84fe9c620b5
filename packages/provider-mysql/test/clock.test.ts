import { afterAll, describe, expect, it } from "vitest";
import { mysqlProvider } from "../src/index.js";
import { Fixture, change, mysqlUrl, randomKey } from "./support.js";

// The clock rule: expiry times are the application's epoch ms, judged on the provider's `now`
// (the application's clock), never on the server's. A clock an hour off stands in for a skewed server.
const fx = new Fixture();
afterAll(() => fx.cleanup());
const HOUR = 3_600_000;

describe("expiry on the application's clock", () => {
  for (const [label, skew] of [["an hour behind", -HOUR], ["an hour ahead of", HOUR]] as const) {
    it(`with the application's clock ${label} the server, a session lives exactly as long as that clock says`, async () => {
      let clock = Date.now() + skew;
      const provider = await fx.provider({ now: () => clock });
      const k = randomKey();
      expect(await provider.write(k, change({ user: "ann" }, { isNew: true, createdAt: clock }), clock + 60_000)).toBe(true);
      expect(await provider.read(k)).toMatchObject({ data: { user: "ann" }, expiresAt: clock + 60_000 });
      expect(await provider.count()).toBeGreaterThanOrEqual(1);
      clock += 59_000;
      expect(await provider.exists(k)).toBe(true);
      expect(await provider.gc()).toBe(0);
      clock += 2_000;
      expect(await provider.read(k)).toBeNull();
      expect(await provider.touch(k, clock + 60_000)).toBe(false);
      expect(await provider.gc()).toBe(1);
    });
  }

  it("a `now` in the factory options (the Manager's clock, once core hands it over) is used when the config names none", async () => {
    let clock = Date.now() - HOUR;
    const options = { maxLifetime: 3600, config: { dsn: mysqlUrl(), table: fx.table }, now: () => clock };
    const provider = await mysqlProvider(options);
    try {
      const k = randomKey();
      await provider.write(k, change({ a: "1" }, { isNew: true, createdAt: clock }), clock + 60_000);
      expect(await provider.exists(k)).toBe(true);
      clock += 61_000;
      expect(await provider.exists(k)).toBe(false);
    } finally {
      await provider.close();
    }
  });
});
