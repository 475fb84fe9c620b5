// The app as a Cloudflare Worker (workerd, nodejs_compat). Nothing runs at module scope:
// Workers refuse I/O and random numbers there, so the managers open on the first request.
import { openManagers, type AppConfig } from "./managers.ts";
import { appHandler } from "./routes.ts";

let handler: Promise<(request: Request) => Promise<Response>> | undefined;

export default {
  async fetch(request: Request, env: AppConfig): Promise<Response> {
    handler ??= openManagers(env).then((managers) => appHandler("workerd", managers));
    return (await handler)(request);
  },
};
