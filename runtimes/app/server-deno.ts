// The app on Deno: Deno.serve on a free port, printed for the test driver to read.
import { openManagers } from "./managers.ts";
import { appHandler } from "./routes.ts";
import { serverStores } from "./stores.ts";

declare const Deno: {
  serve(options: { port: number; hostname: string; onListen(address: { port: number }): void }, handler: (request: Request) => Promise<Response>): unknown;
  env: { toObject(): Record<string, string> };
  version: { deno: string };
};

const handler = appHandler("deno", await openManagers(Deno.env.toObject(), serverStores));
Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: ({ port }) => console.log(`listening ${port} deno ${Deno.version.deno}`) }, handler);
