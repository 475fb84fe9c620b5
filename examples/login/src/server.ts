import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { isSessError, newManager } from "@sess/core";
import { type DemoSession, createApp } from "./app.js";
import { importProvider } from "./providers.js";

const providerName = process.env.SESS_PROVIDER ?? "memory";
const providerConfig = process.env.SESS_PROVIDER_CONFIG || undefined;
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";

// A fixed secret keeps sessions valid across restarts; without one, a random
// secret per process is fine for a demo (restarting logs everyone out).
const secret = process.env.SESS_SECRET ?? randomBytes(32).toString("base64url");

await importProvider(providerName);
const sessions = await newManager<DemoSession>(providerName, "gosessionid", 3600, providerConfig, {
  secrets: [secret],
  absoluteTimeout: 12 * 3600,
});
const stopGC = sessions.startGC();
const handle = createApp(sessions, providerName);

const server = createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    const unavailable = isSessError(err, "STORE_UNAVAILABLE");
    console.error(err);
    if (!res.headersSent) res.writeHead(unavailable ? 503 : 500, { "content-type": "text/plain" });
    res.end(unavailable ? "the session store is unavailable, try again shortly\n" : "internal error\n");
  });
});

server.listen(port, host, () => {
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  console.log(`sess login demo (${providerName} provider) listening on http://${host}:${actual}`);
});

function shutdown(): void {
  stopGC();
  server.close();
  sessions.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
