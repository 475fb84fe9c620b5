import { writeFileSync } from "node:fs";
import path from "node:path";
import { RedisProcess, waitUntil } from "./redis-process.js";

/** The master group name the sentinel monitors. */
export const MASTER_NAME = "mymaster";

/** One master, one replica and one sentinel, started by the test on free loopback ports. */
export class RedisSentinelGroup {
  readonly master: RedisProcess;
  readonly replica: RedisProcess;
  readonly sentinel: RedisProcess;

  private constructor(master: RedisProcess, replica: RedisProcess, sentinel: RedisProcess) {
    this.master = master;
    this.replica = replica;
    this.sentinel = sentinel;
  }

  /** Starts the three processes and waits until the sentinel knows the replica (so a failover can pick it). */
  static async start(): Promise<RedisSentinelGroup> {
    const started: RedisProcess[] = [];
    try {
      const master = await RedisProcess.start();
      started.push(master);
      const replica = await RedisProcess.start(["--replicaof", "127.0.0.1", String(master.port)]);
      started.push(replica);
      await waitUntil("the replica to sync", 20_000, async () => (await replica.cli("INFO", "replication")).includes("master_link_status:up"));
      const sentinel = await RedisProcess.start(["--sentinel"], {
        configFile: (_port, dir) => {
          const file = path.join(dir, "sentinel.conf");
          writeFileSync(file, [
            `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${master.port} 1`,
            `sentinel down-after-milliseconds ${MASTER_NAME} 1000`,
            `sentinel failover-timeout ${MASTER_NAME} 10000`,
            "",
          ].join("\n"));
          return file;
        },
      });
      started.push(sentinel);
      await waitUntil("the sentinel to discover the replica", 30_000, async () => {
        const replicas = await sentinel.cli("SENTINEL", "REPLICAS", MASTER_NAME);
        return replicas.includes(String(replica.port));
      });
      return new RedisSentinelGroup(master, replica, sentinel);
    } catch (err) {
      for (const p of started) p.stop();
      throw err;
    }
  }

  /** The port of the master the sentinel currently names. */
  async masterPort(): Promise<number> {
    const reply = await this.sentinel.cli("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
    return Number(reply.split("\n")[1]);
  }

  /** Kills all three processes and removes their directories. */
  stop(): void {
    for (const p of [this.sentinel, this.replica, this.master]) p.stop();
  }
}
