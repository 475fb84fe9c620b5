import { CommandCounter } from "./commandstats.mjs";
import { filesWrittenSince } from "./files-written.mjs";
import { load, seed } from "./load.mjs";
import { ServerProcess } from "./server-process.mjs";
import { cleanUp } from "./services.mjs";
import { wirePass } from "./wire-pass.mjs";

/** The workloads: write (read the counter, increment, save) and read (read only). */
export const WORKLOADS = ["write", "read"];

/** One measured window: load, the server's CPU time and, for Redis/MySQL, backend commands. */
async function measure(proc, workload, cookies, counter, config, dir) {
  // Let requests the previous load left in flight finish, so their writes are not counted here.
  await proc.idle();
  const since = Date.now();
  if (config.warmup > 0) await load(proc.port, `/${workload}`, cookies, { duration: config.warmup, connections: config.connections });
  await counter?.begin();
  await proc.cpuStart();
  const result = await load(proc.port, `/${workload}`, cookies, { duration: config.duration, connections: config.connections });
  const cpu = await proc.cpuStop();
  const commands = await counter?.end();
  const n = Math.max(1, result.requests);
  // Writes of a file store: files touched over warmup + window (the write workload ended before).
  const filesWritten = dir && workload === "read" ? await filesWrittenSince(dir, since) : undefined;
  return {
    filesWritten,
    ...result,
    cpuUsPerRequest: (cpu.user + cpu.system) / n,
    serverRss: cpu.rss,
    commandsPerRequest: commands ? commands.total / n : undefined,
    commandsByName: commands ? Object.fromEntries(Object.entries(commands.byName).map(([k, v]) => [k, v / n])) : undefined,
  };
}

/** Runs one system through both workloads in its own server process, then removes what it stored. */
export async function benchSystem(system, config, log) {
  const counter = system.backend === "redis" || system.backend === "mysql" ? await CommandCounter.open(system.backend, system.backend === "redis" ? config.redisUrl : config.mysqlUrl) : undefined;
  let proc;
  try {
    proc = await ServerProcess.start(system.module, system.config ?? {});
    const started = Date.now();
    const { cookies, failures } = await seed(proc.port, config.sessions);
    log(`  seeded ${cookies.length} sessions in ${((Date.now() - started) / 1000).toFixed(1)} s${failures ? ` (${failures} failed)` : ""}`);
    const workloads = {};
    for (const workload of WORKLOADS) {
      workloads[workload] = await measure(proc, workload, cookies, counter, config, system.store?.dir);
      const w = workloads[workload];
      log(`  ${workload.padEnd(5)} ${w.rps.toFixed(0).padStart(7)} req/s  p50 ${w.p50} ms  p99 ${w.p99} ms  cpu ${w.cpuUsPerRequest.toFixed(1)} µs/req` +
        (w.commandsPerRequest === undefined ? "" : `  ${w.commandsPerRequest.toFixed(2)} cmd/req`) +
        (w.filesWritten === undefined ? "" : `  ${w.filesWritten} files written`) +
        (w.non2xx || w.errors ? `  (${w.non2xx} non-2xx, ${w.errors} errors)` : ""));
    }
    await proc.close();
    if (counter) {
      const wire = await wirePass(system, cookies, WORKLOADS, config);
      for (const workload of WORKLOADS) {
        Object.assign(workloads[workload], { wirePerRequest: wire[workload].perRequest, wireByName: wire[workload].byName });
        log(`  ${workload.padEnd(5)} on the wire: ${wire[workload].perRequest.toFixed(2)} ${system.backend === "redis" ? "commands" : "statements"}/request (${Object.entries(wire[workload].byName).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ")})`);
      }
    }
    return { id: system.id, seeded: cookies.length, seedFailures: failures, workloads, fatal: proc.fatal };
  } catch (err) {
    log(`  failed: ${err.message}`);
    return { id: system.id, failed: String(err.message).split("\n")[0] };
  } finally {
    await proc?.close();
    await counter?.close();
    await cleanUp(system.store ?? {}, config).catch((err) => log(`  cleanup failed: ${err.message}`));
  }
}
