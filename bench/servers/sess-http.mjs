import http from "node:http";
import { seedData } from "../lib/setup/payload.mjs";
import { routeOf } from "./route.mjs";
import { openManager } from "./sess-manager.mjs";

/** sess on plain node:http: start, get/set, release, per request. */
export async function start({ provider, providerConfig, telemetry }) {
  // telemetry: the OpenTelemetry SDK registered with no-op exporters ("sdk": without sess's telemetry option), see otel-sdk.mjs.
  const manager = await openManager(provider, providerConfig, telemetry ? await (await import("./otel-sdk.mjs")).sdkOptions(telemetry) : {});
  let seeded = 0;
  const server = http.createServer(async (req, res) => {
    try {
      const route = routeOf(req.url);
      const s = await manager.start(req, res);
      if (route === "seed") {
        for (const [k, v] of Object.entries(seedData(seeded++))) s.set(k, v);
        s.set("n", 0);
      } else if (s.get("n") === undefined) {
        res.statusCode = 404;
      } else if (route === "write") {
        s.set("n", s.get("n") + 1);
      }
      await s.release();
      res.end(String(s.get("n")));
    } catch {
      res.statusCode = 500;
      res.end();
    }
  });
  return { server, close: () => manager.close() };
}
