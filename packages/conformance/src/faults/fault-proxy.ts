import net from "node:net";

/** Where the proxy forwards to, or where it listens. */
export interface ProxyAddress {
  /** Host name or IP address. */
  host: string;
  /** TCP port. */
  port: number;
}

/** Options of a {@link FaultProxy}. */
export interface FaultProxyOptions {
  /** The backend every accepted connection is forwarded to. */
  target: ProxyAddress;
  /** Interface to listen on (default 127.0.0.1); the port is always picked by the system. */
  host?: string;
}

/**
 * How a cut behaves. `reset`: live connections are reset and new ones are reset as soon as
 * they arrive (a server that went away). `blackhole`: connections stay open and new ones are
 * accepted, but no byte moves in either direction until `restore()` (a network partition, the
 * case that finds missing timeouts); held bytes are delivered on restore, as TCP would.
 */
export type CutMode = "reset" | "blackhole";

interface Link {
  client: net.Socket;
  upstream: net.Socket | undefined;
}

/** A TCP proxy for tests that can cut and restore the path between a provider and its backend. */
export class FaultProxy {
  readonly #target: ProxyAddress;
  readonly #host: string;
  readonly #links = new Set<Link>();
  #server: net.Server | undefined;
  #address: ProxyAddress | undefined;
  #mode: "open" | CutMode = "open";

  constructor(options: FaultProxyOptions) {
    this.#target = { host: options.target.host, port: options.target.port };
    this.#host = options.host ?? "127.0.0.1";
  }

  /** Starts listening on a free port and resolves with the address clients should use. */
  async start(): Promise<ProxyAddress> {
    if (this.#address) return this.#address;
    const server = net.createServer((client) => this.#accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, this.#host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const bound = server.address() as net.AddressInfo;
    this.#server = server;
    this.#address = { host: this.#host, port: bound.port };
    return this.#address;
  }

  /** The address clients connect to; throws before start(). */
  get address(): ProxyAddress {
    if (!this.#address) throw new Error("FaultProxy: call start() first");
    return this.#address;
  }

  /** The current state: "open", or the mode of the cut in force. */
  get state(): "open" | CutMode {
    return this.#mode;
  }

  /** The number of client connections the proxy holds. */
  get connections(): number {
    return this.#links.size;
  }

  /** Cuts the path to the backend (see {@link CutMode}; default "reset"). */
  cut(mode: CutMode = "reset"): void {
    this.#mode = mode;
    for (const link of this.#links) {
      if (mode === "reset") this.#drop(link, true);
      else this.#hold(link);
    }
  }

  /** Ends a cut: new connections are forwarded again and held connections move their bytes. */
  restore(): void {
    if (this.#mode === "open") return;
    this.#mode = "open";
    for (const link of this.#links) {
      if (link.upstream) {
        link.upstream.resume();
        link.client.resume();
      } else {
        this.#connect(link);
      }
    }
  }

  /** Closes every connection and stops listening. */
  async close(): Promise<void> {
    for (const link of this.#links) this.#drop(link, false);
    const server = this.#server;
    this.#server = undefined;
    this.#address = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #accept(client: net.Socket): void {
    client.on("error", () => undefined);
    if (this.#mode === "reset") {
      client.resetAndDestroy();
      return;
    }
    const link: Link = { client, upstream: undefined };
    this.#links.add(link);
    client.once("close", () => this.#drop(link, false));
    if (this.#mode === "blackhole") {
      // Accepted but never forwarded: the upstream connection waits for restore().
      client.pause();
      return;
    }
    this.#connect(link);
  }

  #connect(link: Link): void {
    const { client } = link;
    const upstream = net.connect({ host: this.#target.host, port: this.#target.port });
    link.upstream = upstream;
    upstream.on("error", () => undefined);
    upstream.once("close", () => this.#drop(link, false));
    // Forward by hand rather than pipe(): pipe() resumes a source on drain, which would undo a blackhole.
    client.on("data", (chunk: Buffer) => upstream.write(chunk));
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    client.resume();
  }

  #hold(link: Link): void {
    link.client.pause();
    link.upstream?.pause();
  }

  #drop(link: Link, reset: boolean): void {
    if (!this.#links.delete(link)) return;
    if (reset) link.client.resetAndDestroy();
    else link.client.destroy();
    link.upstream?.destroy();
  }
}
