// The app on Bun: Bun.serve on a free port, printed for the test driver to read.
import { openManagers } from "./managers.ts";
import { appHandler } from "./routes.ts";
import { serverStores } from "./stores.ts";

declare const Bun: { serve(options: { port: number; hostname: string; fetch(request: Request): Promise<Response> }): { port: number }; version: string };

const handler = appHandler("bun", await openManagers(process.env, serverStores));
const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: handler });
console.log(`listening ${server.port} bun ${Bun.version}`);
