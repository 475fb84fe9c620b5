// The bridge bench's servers, in a child process of their own so their CPU is measured apart
// from the load generator: sess on Express alone, and the same with the express-session bridge
// in front (MemoryStore as the legacy store, never called by these requests). Reports the two
// ports over IPC and answers { cpu } requests with process.cpuUsage().
import { createServer } from "node:http";
import { createManager } from "@sess/core";
import { sessionMiddleware } from "@sess/core/express";
import { bridgeMiddleware, expressSessionBridge } from "@sess/express-session-bridge";
import { memoryProvider } from "@sess/provider-memory";
import express from "express";
import session from "express-session";

async function app(withBridge) {
  const manager = await createManager({ provider: memoryProvider(), cookieName: "sid", maxLifetime: 3600, secrets: ["bench secret, 16+ characters"], onError: () => {} });
  const server = express();
  if (withBridge) server.use(bridgeMiddleware(expressSessionBridge(manager, { store: new session.MemoryStore(), secret: "legacy secret" })));
  server.use(sessionMiddleware(manager));
  server.get("/seed", (req, res) => {
    req.session.set("user", "ann");
    res.end("ok");
  });
  server.get("/read", (req, res) => {
    res.end(String(req.session.get("user")));
  });
  const http = createServer(server);
  await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
  return http.address().port;
}

const ports = { plain: await app(false), bridge: await app(true) };
process.send({ ports });
process.on("message", (message) => {
  if (message === "cpu") process.send({ cpu: process.cpuUsage() });
  if (message === "exit") process.exit(0);
});
