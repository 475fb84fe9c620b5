import net from "node:net";
import { MysqlWireCounter, PostgresWireCounter, RedisWireCounter } from "./wire-counters.mjs";

const COUNTERS = { redis: RedisWireCounter, mysql: MysqlWireCounter, postgres: PostgresWireCounter };
const PORTS = { redis: 6379, mysql: 3306, postgres: 5432 };

/**
 * A TCP proxy in front of Redis, MySQL or PostgreSQL that counts the commands its clients send.
 * Only the system under test connects through it, so its counts are exact, whatever
 * else the shared server is doing.
 */
export class CountingProxy {
  #server;
  #counters = [];
  #kind;

  constructor(kind, server) {
    this.#kind = kind;
    this.#server = server;
  }

  /** Listens on a free 127.0.0.1 port and forwards to `url`'s host and port. */
  static async start(kind, url) {
    const target = new URL(url);
    const port = Number(target.port || PORTS[kind]);
    let proxy;
    const server = net.createServer((client) => {
      const counter = new COUNTERS[kind]();
      proxy.#counters.push(counter);
      const upstream = net.connect(port, target.hostname);
      client.setNoDelay(true);
      upstream.setNoDelay(true);
      client.on("data", (chunk) => {
        counter.feed(chunk);
        upstream.write(chunk);
      });
      upstream.pipe(client);
      const drop = () => (client.destroy(), upstream.destroy());
      client.on("error", drop).on("close", drop);
      upstream.on("error", drop).on("close", drop);
    });
    proxy = new CountingProxy(kind, server);
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url) {
    const u = new URL(url);
    u.hostname = "127.0.0.1";
    u.port = String(this.#server.address().port);
    return u.toString();
  }

  /** Commands by name since the proxy started. */
  counts() {
    const out = {};
    for (const c of this.#counters) for (const [k, v] of Object.entries(c.counts)) out[k] = (out[k] ?? 0) + v;
    return out;
  }

  /** Commands that do work per request: Redis, all; MySQL, queries and statement executions (not prepare/close); PostgreSQL, Query and Execute messages. */
  total(counts) {
    if (this.#kind === "redis") return Object.values(counts).reduce((a, b) => a + b, 0);
    if (this.#kind === "postgres") return (counts.query ?? 0) + (counts.execute ?? 0);
    return (counts.query ?? 0) + (counts.stmt_execute ?? 0);
  }

  /** Stops listening and drops the connections. */
  async close() {
    this.#server.close();
  }
}
