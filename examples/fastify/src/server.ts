import { createApp } from "./app.js";
import { openSessions } from "./sessions.js";

const sessions = await openSessions();
const app = await createApp(sessions);
const url = await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? "127.0.0.1" });
console.log(`sess on Fastify listening on ${url}`);

function shutdown(): void {
  app.close().then(
    () => sessions.close(),
  ).then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
