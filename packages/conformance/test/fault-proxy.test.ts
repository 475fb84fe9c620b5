import net from "node:net";
import { once } from "node:events";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FaultProxy } from "@sess/conformance/faults";

// A TCP echo server stands in for a backend: what the client sends must come back through the proxy.
let echo: net.Server;
let target: { host: string; port: number };
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  echo = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
    socket.pipe(socket);
  });
  echo.listen(0, "127.0.0.1");
  await once(echo, "listening");
  target = { host: "127.0.0.1", port: (echo.address() as net.AddressInfo).port };
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => echo.close(() => resolve()));
});

const proxies: FaultProxy[] = [];
const clients: net.Socket[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const proxy of proxies.splice(0)) await proxy.close();
});

async function startProxy(): Promise<{ proxy: FaultProxy; port: number }> {
  const proxy = new FaultProxy({ target });
  proxies.push(proxy);
  const { port } = await proxy.start();
  return { proxy, port };
}

/** A connected client that collects what it receives and notes when it closes. */
async function client(port: number): Promise<{ socket: net.Socket; received: () => string; closed: Promise<unknown> }> {
  const socket = net.connect({ host: "127.0.0.1", port });
  clients.push(socket);
  socket.on("error", () => undefined);
  let data = "";
  socket.on("data", (chunk: Buffer) => (data += chunk.toString()));
  const closed = new Promise((resolve) => socket.once("close", resolve));
  await once(socket, "connect");
  return { socket, received: () => data, closed };
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

const settle = (ms = 200) => new Promise((r) => setTimeout(r, ms));

describe("FaultProxy", () => {
  it("start() listens on 127.0.0.1 and a free port of its own", async () => {
    const { proxy, port } = await startProxy();
    expect(proxy.address).toEqual({ host: "127.0.0.1", port });
    expect(port).not.toBe(target.port);
    expect(proxy.state).toBe("open");
  });

  it("forwards bytes both ways while open", async () => {
    const { port } = await startProxy();
    const c = await client(port);
    c.socket.write("hello through the proxy");
    await until(() => c.received() === "hello through the proxy");
  });

  it("cut('reset') closes live connections and resets new ones at once", async () => {
    const { proxy, port } = await startProxy();
    const live = await client(port);
    live.socket.write("x");
    await until(() => live.received() === "x");
    proxy.cut("reset");
    await live.closed;
    const late = net.connect({ host: "127.0.0.1", port });
    clients.push(late);
    late.on("error", () => undefined);
    await new Promise((resolve) => late.once("close", resolve));
    expect(proxy.connections).toBe(0);
  });

  it("cut('blackhole') keeps connections open but moves no bytes, and restore() delivers the held bytes", async () => {
    const { proxy, port } = await startProxy();
    const c = await client(port);
    proxy.cut("blackhole");
    c.socket.write("held");
    await settle();
    expect(c.received()).toBe("");
    expect(c.socket.destroyed).toBe(false);
    proxy.restore();
    await until(() => c.received() === "held");
  });

  it("cut('blackhole') accepts new connections and forwards nothing until restore()", async () => {
    const { proxy, port } = await startProxy();
    proxy.cut("blackhole");
    const c = await client(port);
    c.socket.write("waiting");
    await settle();
    expect(c.received()).toBe("");
    expect(proxy.connections).toBe(1);
    proxy.restore();
    await until(() => c.received() === "waiting");
  });

  it("restore() after cut('reset') forwards new connections again", async () => {
    const { proxy, port } = await startProxy();
    proxy.cut("reset");
    proxy.restore();
    expect(proxy.state).toBe("open");
    const c = await client(port);
    c.socket.write("back");
    await until(() => c.received() === "back");
  });

  it("close() ends every connection and stops listening", async () => {
    const { proxy, port } = await startProxy();
    const c = await client(port);
    await proxy.close();
    await c.closed;
    const refused = net.connect({ host: "127.0.0.1", port });
    clients.push(refused);
    const [error] = (await once(refused, "error")) as [NodeJS.ErrnoException];
    expect(error.code).toBe("ECONNREFUSED");
  });
});
