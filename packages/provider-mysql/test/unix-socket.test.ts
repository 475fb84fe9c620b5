import net from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysqlProvider } from "../src/index.js";
import { change, later, mysqlUrl, randomKey, uniqueTable, adminPool } from "./support.js";

// A unix socket of our own that relays to the test server's TCP port, so the DSN's
// unix(/path) form is exercised whatever socket (if any) the server itself has.
const server = new URL(mysqlUrl());
const dir = mkdtempSync(join(tmpdir(), "sess-mysql-"));
const socketPath = join(dir, "relay.sock");
const sockets = new Set<net.Socket>();
const relay = net.createServer((client) => {
  const upstream = net.connect(Number(server.port || 3306), server.hostname);
  for (const s of [client, upstream]) sockets.add(s.on("error", () => client.destroy()));
  client.pipe(upstream).pipe(client);
});
const table = uniqueTable();

beforeAll(async () => {
  await new Promise<void>((resolve) => relay.listen(socketPath, resolve));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => relay.close(resolve));
  rmSync(dir, { recursive: true, force: true });
  const admin = adminPool();
  await admin.query(`DROP TABLE IF EXISTS \`${table}\``);
  await admin.end();
});

describe("unix(/path.sock) DSN", () => {
  it("mysqlProvider(user:password@unix(/path)/dbname) connects through the socket", async () => {
    const credentials = `${decodeURIComponent(server.username)}:${decodeURIComponent(server.password)}`;
    const database = server.pathname.slice(1);
    const provider = await mysqlProvider(`${credentials}@unix(${socketPath})/${database}?table=${table}`);
    try {
      const key = randomKey();
      await provider.write(key, change({ via: "socket" }, { isNew: true }), later());
      expect((await provider.read(key))?.data).toEqual({ via: "socket" });
      expect(sockets.size).toBeGreaterThan(0);
    } finally {
      await provider.close();
    }
  });
});
