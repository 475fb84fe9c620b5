import { existsSync } from "node:fs";
import { connect } from "node:net";
import { createConnection } from "mysql2/promise";
import { Redis } from "ioredis";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startLocalServer } from "../../src/services/local/index.js";
import { startOne } from "../../src/services/global-setup.js";
import type { RunningService } from "../../src/services/containers.js";

// The third way of the global setup, run for real on every machine that has the
// binaries (this one does: CI's first `npm test` depends on it with no variables set).
describe("private server processes", () => {
  it("startLocalServer('redis') serves ioredis on a free loopback port and is gone after stop()", async () => {
    await roundTrip(await startLocalServer("redis"), async (url) => {
      const client = new Redis(url, { maxRetriesPerRequest: 1 });
      try {
        await client.set("k", "välue");
        return await client.get("k");
      } finally {
        client.disconnect();
      }
    });
  });

  it("startLocalServer('mysql') serves mysql2 as root with a test database and is gone after stop()", async () => {
    await roundTrip(await startLocalServer("mysql"), async (url) => {
      expect(new URL(url).pathname).toBe("/test");
      const connection = await createConnection({ uri: url });
      try {
        const [rows] = await connection.query("SELECT 'välue' AS v, DATABASE() AS db");
        expect(rows).toEqual([{ v: "välue", db: "test" }]);
        await connection.query("CREATE DATABASE sess_test_local_check");
        await connection.query("DROP DATABASE sess_test_local_check");
        return "välue";
      } finally {
        await connection.end();
      }
    });
  });

  it("startLocalServer('postgres') serves pg as a superuser and is gone after stop()", async () => {
    await roundTrip(await startLocalServer("postgres"), async (url) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const result = await client.query<{ v: string; superuser: boolean }>(
          "SELECT 'välue' AS v, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user",
        );
        expect(result.rows[0]?.superuser).toBe(true);
        return result.rows[0]?.v ?? null;
      } finally {
        await client.end();
      }
    });
  });

  it("startOne() falls back to the private server when the container fails, and names both reasons when both fail", async () => {
    const local = await startOne("redis", { container: () => Promise.reject(new Error("no Docker")), local: startLocalServer });
    await local.stop();
    expect(local.image).toMatch(/redis-server$/);
    await expect(
      startOne("redis", {
        container: () => Promise.reject(new Error("no Docker")),
        local: () => Promise.reject(new Error("no redis-server")),
      }),
    ).rejects.toThrow(/container: no Docker; private server from local binaries: no redis-server/);
  });
});

async function roundTrip(service: RunningService, use: (url: string) => Promise<string | null>): Promise<void> {
  const url = new URL(service.url);
  expect(url.hostname).toBe("127.0.0.1");
  try {
    expect(await use(service.url)).toBe("välue");
  } finally {
    await service.stop();
  }
  expect(await accepts(Number(url.port))).toBe(false);
  expect(service.dir).toMatch(/sess-/);
  expect(leftoverTempDirs(service)).toEqual([]);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

// A leaked data directory is what repeated runs would pile up in /tmp.
function leftoverTempDirs(service: RunningService): string[] {
  return service.dir !== undefined && existsSync(service.dir) ? [service.dir] : [];
}
