import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPostgresTestDatabase, createTestDatabase, deleteKeysWithPrefix, mysqlUrl, postgresUrl, redisUrl, uniquePrefix } from "@sess/conformance/services";
import { afterAll, describe, expect, it } from "vitest";
import { configFile, leaked, seed, sess } from "./support/run-cli.js";

describe("sess against Redis (config file with this run's prefix)", () => {
  const prefix = uniquePrefix();
  const config = configFile({ provider: "redis", providerConfig: { url: redisUrl(), prefix } });
  afterAll(() => deleteKeysWithPrefix(prefix, redisUrl()));

  it("count, sessions list, revoke one, revoke-all: the numbers are right and no id, key or value is printed", async () => {
    const erin = await seed({ provider: "redis", providerConfig: { url: redisUrl(), prefix } }, "erin@example.com", 3);
    const other = await seed({ provider: "redis", providerConfig: { url: redisUrl(), prefix } }, "frank@example.com", 1);
    const runs = [];

    const counted = await sess("count", "--config", config, "--json");
    runs.push(counted);
    expect(counted).toMatchObject({ code: 0, json: { sessions: 4 } });

    const listed = await sess("sessions", "list", "erin@example.com", "--config", config, "--json");
    runs.push(listed);
    expect(listed.code).toBe(0);
    expect(listed.json.sessions).toHaveLength(3);
    const handle = listed.json.sessions[0].handle as string;
    expect(Object.keys(listed.json.sessions[0]).sort()).toEqual(["createdAt", "expiresAt", "handle", "lastActive"]);

    const text = await sess("sessions", "list", "erin@example.com", "--config", config);
    runs.push(text);
    expect(text.stdout).toContain("3 live sessions");
    expect(text.stdout).toContain(handle);

    runs.push(await sess("revoke", "erin@example.com", handle, "--config", config, "--json"));
    expect(runs.at(-1)).toMatchObject({ code: 0, json: { revoked: 1 } });
    runs.push(await sess("revoke", "erin@example.com", handle, "--config", config, "--json"));
    expect(runs.at(-1)).toMatchObject({ code: 1, json: { revoked: 0 } });
    runs.push(await sess("revoke-all", "erin@example.com", "--config", config, "--json"));
    expect(runs.at(-1)).toMatchObject({ code: 0, json: { revoked: 2 } });
    runs.push(await sess("count", "--config", config, "--json"));
    expect(runs.at(-1)).toMatchObject({ code: 0, json: { sessions: 1 } });

    for (const run of runs) expect(leaked(run, erin).concat(leaked(run, other))).toEqual([]);
  });
});

describe("sess against MySQL / MariaDB (a database of its own)", () => {
  it("gc removes the expired sessions and says how many; count agrees; check passes on the created table", async () => {
    const db = await createTestDatabase(mysqlUrl());
    try {
      const expired = await seed({ provider: "mysql", providerConfig: db.url }, "gina", 4, 2 * 3600_000);
      const live = await seed({ provider: "mysql", providerConfig: db.url }, "gina", 2);
      const collected = await sess("gc", "--url", db.url, "--json");
      expect(collected).toMatchObject({ code: 0, json: { removed: 4, live: 2 } });
      const human = await sess("gc", "--url", db.url);
      expect(human.stdout).toMatch(/^removed 0 expired sessions in [\d.]+ s; 2 live sessions\n$/);
      const checked = await sess("check", "--url", db.url, "--json");
      expect(checked.json.findings).toContainEqual({ check: "schema", level: "ok", detail: expect.stringMatching(/schema version \d+/) });
      expect(checked.json.findings).toContainEqual({ check: "provider", level: "ok", detail: "mysql answers" });
      for (const run of [collected, human, checked]) expect([...leaked(run, expired), ...leaked(run, live)]).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it("check on a database without the sessions table is a schema problem, exit code 1, and creates nothing", async () => {
    const db = await createTestDatabase(mysqlUrl());
    try {
      const checked = await sess("check", "--url", db.url, "--json");
      expect(checked.code).toBe(1);
      expect(checked.json.findings).toContainEqual({ check: "schema", level: "problem", detail: expect.stringContaining("does not exist") });
      expect((await sess("check", "--url", db.url, "--json")).code).toBe(1);
    } finally {
      await db.drop();
    }
  });
});

describe("sess against PostgreSQL (a database of its own)", () => {
  it("count and list on the real server; an unknown subject lists nothing", async () => {
    const db = await createPostgresTestDatabase(postgresUrl());
    try {
      const seeded = await seed({ provider: "postgres", providerConfig: db.url }, "hana", 2);
      const counted = await sess("count", "--url", db.url, "--json");
      expect(counted).toMatchObject({ code: 0, json: { sessions: 2 } });
      const listed = await sess("sessions", "list", "hana", "--url", db.url, "--json");
      expect(listed.json.sessions).toHaveLength(2);
      expect((await sess("sessions", "list", "nobody", "--url", db.url, "--json")).json).toEqual({ sessions: [] });
      for (const run of [counted, listed]) expect(leaked(run, seeded)).toEqual([]);
    } finally {
      await db.drop();
    }
  });
});

describe("sess on directories (file:, leveldb:)", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  for (const provider of ["file", "leveldb"]) {
    it(`${provider}: count and gc`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `sess-cli-${provider}-`));
      dirs.push(dir);
      await seed({ provider, providerConfig: dir }, "ivan", 3, 2 * 3600_000);
      await seed({ provider, providerConfig: dir }, "ivan", 1);
      expect(await sess("gc", "--url", `${provider}:${dir}`, "--json")).toMatchObject({ code: 0, json: { removed: 3, live: 1 } });
      expect(await sess("count", "--url", `${provider}:${dir}`, "--json")).toMatchObject({ code: 0, json: { sessions: 1 } });
    });
  }
});
