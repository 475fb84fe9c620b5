import net from "node:net";

/**
 * A TCP proxy in front of PostgreSQL that counts the statements clients send: each simple
 * Query ('Q') and each Execute ('E') of the extended protocol, read from the frontend stream.
 */
export class StatementCounter {
  /** Statements sent since the last reset(). */
  statements = 0;
  /** Sync messages, i.e. round trips of the extended protocol, since the last reset(). */
  syncs = 0;
  /** Names of the statements Parse messages prepared since the last reset() ("" for unnamed). */
  parsed: string[] = [];
  readonly #server: net.Server;
  readonly #sockets = new Set<net.Socket>();

  constructor(target: { host: string; port: number }) {
    this.#server = net.createServer((client) => {
      const upstream = net.connect(target.port, target.host);
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on("error", () => {});
        s.on("close", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      upstream.pipe(client);
      let buffered = Buffer.alloc(0);
      let started = false;
      client.on("data", (chunk: Buffer) => {
        upstream.write(chunk);
        buffered = Buffer.concat([buffered, chunk]);
        for (;;) {
          // The startup packet has no type byte: a length, then the protocol version.
          const header = started ? 5 : 4;
          if (buffered.length < header) break;
          const length = started ? buffered.readUInt32BE(1) + 1 : buffered.readUInt32BE(0);
          if (buffered.length < length) break;
          if (started) this.#count(String.fromCharCode(buffered[0]!), buffered.subarray(5, length));
          started = true;
          buffered = buffered.subarray(length);
        }
      });
    });
  }

  #count(type: string, body: Buffer): void {
    if (type === "P") this.parsed.push(body.subarray(0, body.indexOf(0)).toString());
    if (type === "Q" || type === "E") this.statements++;
    if (type === "S") this.syncs++;
  }

  /** Starts listening on a free local port and returns it. */
  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    return (this.#server.address() as net.AddressInfo).port;
  }

  /** Zeroes the counters. */
  reset(): void {
    this.statements = 0;
    this.syncs = 0;
    this.parsed = [];
  }

  /** Closes every connection and the listener. */
  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise((resolve) => this.#server.close(resolve));
  }
}
