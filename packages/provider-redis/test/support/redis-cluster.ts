import { RedisProcess, runCli, waitUntil } from "./redis-process.js";

/** A Redis Cluster of `size` masters (no replicas) started by the test on free loopback ports. */
export class RedisCluster {
  readonly nodes: RedisProcess[];

  private constructor(nodes: RedisProcess[]) {
    this.nodes = nodes;
  }

  /** Starts the nodes, joins them with `redis-cli --cluster create`, and waits for cluster_state:ok on every node. */
  static async start(size = 3): Promise<RedisCluster> {
    const nodes: RedisProcess[] = [];
    const cluster = new RedisCluster(nodes);
    try {
      for (let i = 0; i < size; i++) {
        nodes.push(await RedisProcess.start(["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000"]));
      }
      await runCli(["--cluster", "create", ...nodes.map((n) => n.address), "--cluster-replicas", "0", "--cluster-yes"], 30_000);
      await waitUntil("cluster_state:ok on every node", 30_000, async () => {
        const infos = await Promise.all(nodes.map((n) => n.cli("CLUSTER", "INFO")));
        return infos.every((info) => info.includes("cluster_state:ok"));
      });
    } catch (err) {
      cluster.stop();
      throw err;
    }
    return cluster;
  }

  /** Startup nodes for an ioredis Cluster. */
  get startupNodes(): Array<{ host: string; port: number }> {
    return this.nodes.map((n) => ({ host: "127.0.0.1", port: n.port }));
  }

  /** Kills every node and removes their directories. */
  stop(): void {
    for (const node of this.nodes) node.stop();
  }
}
