import { createServer } from "node:http";
import { createApp } from "./app.js";
import { openSessions } from "./sessions.js";

const sessions = await openSessions();
const callback = createApp(sessions).callback();
// Koa answers its own errors, so the callback's promise has nothing left to report.
const server = createServer((req, res) => void callback(req, res));
const host = process.env.HOST ?? "127.0.0.1";
server.listen(Number(process.env.PORT ?? 3000), host, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  console.log(`sess on Koa listening on http://${host}:${port}`);
});

function shutdown(): void {
  server.close();
  sessions.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
