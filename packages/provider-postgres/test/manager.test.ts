import { newManager, providers } from "@sess/core";
import { expectSessionRoundTrip } from "@sess/test-support/provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "../src/index.js";
import { Fixture, postgresUrl } from "./support.js";

const fx = new Fixture();
beforeAll(() => fx.ready());
afterAll(() => fx.cleanup());

describe("newManager with a postgres:// URL", () => {
  it('registers "postgres" on import', () => {
    expect(providers()).toContain("postgres");
  });

  it('newManager("postgres", "gosessionid", 3600, url) stores, loads and counts sessions', async () => {
    const url = new URL(postgresUrl());
    url.searchParams.set("schema", fx.schema);
    url.searchParams.set("table", "seed_sessions");
    const manager = await newManager("postgres", "gosessionid", 3600, url.toString());
    try {
      await expectSessionRoundTrip(manager);
      const { rows } = await fx.admin.query<{ n: string }>(`SELECT count(*) AS n FROM "${fx.schema}".seed_sessions`);
      expect(rows).toEqual([{ n: "1" }]);
    } finally {
      await manager.close();
    }
  });
});
