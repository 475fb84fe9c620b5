import { createManager } from "@sess/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixture, change, postgresUrl, randomKey } from "./support.js";

const fx = new Fixture();
beforeAll(() => fx.ready());
afterAll(() => fx.cleanup());

describe("times", () => {
  it("a Manager whose clock is 2 hours behind the host loads its sessions and counts them", async () => {
    const now = () => Date.now() - 2 * 3_600_000;
    const manager = await createManager({
      provider: "postgres",
      providerConfig: { url: postgresUrl(), schema: fx.schema, table: "behind" },
      cookieName: "sid",
      maxLifetime: 60,
      now,
    });
    try {
      const session = manager.create();
      session.set("user", "ann");
      await session.release();
      expect((await manager.load(session.id))?.get("user")).toBe("ann");
      expect(await manager.count()).toBe(1);
    } finally {
      await manager.close();
    }
  });

  it("fractional expiresAt, createdAt and clock (maxLifetime 100/3) are rounded, never a failed write", async () => {
    let clock = Date.now() + 0.25;
    const p = await fx.provider({ table: "fractions", now: () => clock });
    const key = randomKey();
    const expiresAt = clock + (100 / 3) * 1000;
    expect(await p.write(key, change({ a: "1" }, { isNew: true, createdAt: clock }), expiresAt)).toBe(true);
    expect(await p.write(key, change({ b: "2" }), expiresAt + 0.5)).toBe(true);
    expect(await p.touch(key, expiresAt + 1000.7)).toBe(true);
    const record = (await p.read(key))!;
    expect(record.data).toEqual({ a: "1", b: "2" });
    expect(Number.isInteger(record.expiresAt) && Number.isInteger(record.createdAt)).toBe(true);
    expect(record.expiresAt).toBe(Math.ceil(expiresAt + 1000.7));
    clock = record.expiresAt + 0.5;
    expect(await p.read(key)).toBeNull();
  });
});
