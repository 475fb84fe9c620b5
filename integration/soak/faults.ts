import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, closeSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Manager } from "@sess/core";
import { fileProvider } from "@sess/provider-file";
import { mysqlProvider } from "@sess/provider-mysql";
import { redisProvider } from "@sess/provider-redis";
import { sleep, startMariadb, startRedis, startSentinelGroup } from "./processes.js";
import { type Fault, soakManager } from "./soak.js";

// Short deadlines so a down store answers within about a second, as a site would configure it.
const TIMEOUTS = { commandTimeoutMs: 1000, connectTimeoutMs: 1000 };

/** redis-server (appendonly, appendfsync always) SIGKILLed, down for `downMs`, restarted on the same port and files. */
export function redisRestart(downMs: number): Fault {
  let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
  return {
    name: "redis: kill -9, restart",
    async open(): Promise<Manager> {
      redis = await startRedis();
      return soakManager(await redisProvider({ url: `redis://127.0.0.1:${redis.port}`, prefix: "soak:", ...TIMEOUTS }));
    },
    async cycle(back) {
      await redis!.server.kill();
      await sleep(downMs);
      await redis!.server.start();
      back();
    },
    close: async () => redis?.stop(),
  };
}

const MASTER = "soakmaster";

/** SENTINEL FAILOVER of a master with one replica, the provider finding the master through a real sentinel. */
export function sentinelFailover(): Fault {
  let group: Awaited<ReturnType<typeof startSentinelGroup>> | undefined;
  return {
    name: "redis via Sentinel: SENTINEL FAILOVER",
    async open(): Promise<Manager> {
      group = await startSentinelGroup(MASTER);
      const provider = await redisProvider({ sentinels: [`127.0.0.1:${group.sentinelPort}`], name: MASTER, prefix: "soak:", commandTimeoutMs: 1000, connectTimeoutMs: 2000 });
      return soakManager(provider);
    },
    async cycle(back) {
      const before = await group!.masterPort();
      const until = Date.now() + 30_000;
      while ((await group!.cli("SENTINEL", "FAILOVER", MASTER).catch(() => "")) !== "OK") {
        if (Date.now() > until) throw new Error("SENTINEL FAILOVER was not accepted within 30 s");
        await sleep(200);
      }
      while ((await group!.masterPort()) === before) {
        if (Date.now() > until) throw new Error("the sentinel named no new master within 30 s");
        await sleep(50);
      }
      back();
    },
    close: async () => group?.stop(),
  };
}

/** A private mariadbd SIGKILLed, down for `downMs`, restarted on the same data directory and port. */
export function mysqlRestart(downMs: number): Fault {
  let db: Awaited<ReturnType<typeof startMariadb>> | undefined;
  return {
    name: "mysql (mariadbd): kill -9, restart",
    async open(): Promise<Manager> {
      db = await startMariadb();
      return soakManager(await mysqlProvider({ dsn: db.url, table: "soak_sessions", queryTimeoutMs: 1000 }));
    },
    async cycle(back) {
      await db!.server.kill();
      await sleep(downMs);
      await db!.server.start(120_000);
      back();
    },
    close: async () => db?.stop(),
  };
}

/** Writes zeros into `file` until the file system says ENOSPC. */
function fillUp(file: string): void {
  const fd = openSync(file, "w");
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
    // Smaller writes take the last blocks too.
    try {
      for (;;) writeSync(fd, chunk, 0, 512);
    } catch {
      // full
    }
  } finally {
    closeSync(fd);
  }
}

/** The file provider on a 4 MB tmpfs (mounted by this process; needs root) that a filler file fills up for `downMs`. */
export function fileDiskFull(downMs: number): Fault {
  const mount = mkdtempSync(path.join(tmpdir(), "sess-soak-tmpfs-"));
  const filler = path.join(mount, "filler");
  let mounted = false;
  return {
    name: "file: disk full (tmpfs, ENOSPC)",
    async open(): Promise<Manager> {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", mount], { stdio: "pipe" });
      mounted = true;
      mkdirSync(path.join(mount, "sessions"));
      return soakManager(await fileProvider({ dir: path.join(mount, "sessions") }));
    },
    async cycle(back) {
      fillUp(filler);
      await sleep(downMs);
      rmSync(filler);
      back();
    },
    async close() {
      if (mounted) execFileSync("umount", [mount], { stdio: "pipe" });
      rmSync(mount, { recursive: true, force: true });
    },
  };
}
