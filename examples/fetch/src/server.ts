import { createServer } from "node:http";
import { createHandler } from "./app.js";
import { toNodeListener } from "./node-listener.js";
import { openSessions } from "./sessions.js";

const sessions = await openSessions();
const server = createServer(toNodeListener(createHandler(sessions)));
const host = process.env.HOST ?? "127.0.0.1";
server.listen(Number(process.env.PORT ?? 3000), host, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  console.log(`sess on the Fetch API (node:http) listening on http://${host}:${port}`);
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
