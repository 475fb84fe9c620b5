import { type ManagerOptions, type Manager, newManager } from "@sess/core";
import { afterEach } from "vitest";
import "../../src/index.js";
import { type Data, nodeApp } from "./app.js";
import { type Running, serve } from "./http.js";

const open: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

/** A cookie-provider Manager serving the test routes on node:http; closed after the test. */
export async function cookieServer(config: unknown, options: ManagerOptions = {}, cookieName = "gosessionid"): Promise<Running & { manager: Manager<Data> }> {
  const manager = await newManager<Data>("cookie", cookieName, 3600, config, { secure: false, ...options });
  const running = await serve(nodeApp(manager));
  open.push(async () => {
    await running.close();
    await manager.close();
  });
  return { ...running, manager };
}
