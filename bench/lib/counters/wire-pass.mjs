import { CountingProxy } from "./counting-proxy.mjs";
import { COUNTED_BACKENDS } from "../setup/provider-configs.mjs";
import { requestMany } from "../load/load.mjs";
import { ServerProcess } from "../load/server-process.mjs";
import { systems } from "../setup/systems.mjs";

/**
 * Backend commands per request, counted on the wire: a second server process of the
 * same system, on the same stored sessions, reaches the backend through a counting
 * proxy for a short load of each workload. Exact whatever else uses the shared server;
 * kept out of the timed windows so the proxy costs them nothing.
 */
export async function wirePass(system, cookies, workloads, config) {
  const key = COUNTED_BACKENDS[system.backend];
  const proxy = await CountingProxy.start(system.backend, config[key]);
  let proc;
  try {
    const proxied = systems({ ...config, [key]: proxy.urlFor(config[key]) }).find((s) => s.id === system.id);
    proc = await ServerProcess.start(proxied.module, proxied.config ?? {});
    const out = {};
    for (const workload of workloads) {
      const send = (count) => requestMany(proc.port, `/${workload}`, count, 10, (i) => cookies[i % cookies.length], (res) => res.statusCode === 200);
      await send(config.smoke ? 10 : 50); // connects the pool and warms up
      const before = proxy.counts();
      const requests = config.smoke ? 50 : 1000;
      const failures = await send(requests);
      const after = proxy.counts();
      const byName = {};
      for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) byName[k] = (v - (before[k] ?? 0)) / requests;
      out[workload] = { perRequest: proxy.total(byName), byName, requests, failures };
    }
    return out;
  } finally {
    await proc?.close();
    await proxy.close();
  }
}
