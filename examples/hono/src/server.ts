import { serve } from "@hono/node-server";
import { createApp } from "./app.js";
import { openSessions } from "./sessions.js";

const sessions = await openSessions();
const hostname = process.env.HOST ?? "127.0.0.1";
const server = serve({ fetch: createApp(sessions).fetch, port: Number(process.env.PORT ?? 3000), hostname }, (info) => {
  console.log(`sess on Hono listening on http://${hostname}:${info.port}`);
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
