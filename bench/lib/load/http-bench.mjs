import { CommandCounter } from "../counters/commandstats.mjs";
import { filesWrittenSince } from "../counters/files-written.mjs";
import { load, seed } from "./load.mjs";
import { ServerProcess } from "./server-process.mjs";
import { COUNTED_BACKENDS } from "../setup/provider-configs.mjs";
import { cleanUp } from "../setup/services.mjs";
import { wirePass } from "../counters/wire-pass.mjs";
import { combineWindows } from "./windows.mjs";

/** The workloads: write (read the counter, increment, save) and read (read only). */
export const WORKLOADS = ["write", "read"];

/** One measured window: load, the server's CPU time and, for Redis/MySQL/PostgreSQL, backend commands (raw totals). */
async function measure(run, workload, config, { duration, warmup }) {
  const { proc, cookies, counter, system } = run;
  // Let requests the previous load left in flight finish, so their writes are not counted here.
  await proc.idle();
  const since = Date.now();
  const options = { duration, connections: config.connections };
  if (warmup > 0) await load(proc.port, `/${workload}`, cookies, { ...options, duration: warmup });
  await counter?.begin();
  await proc.cpuStart();
  const result = await load(proc.port, `/${workload}`, cookies, options);
  const cpu = await proc.cpuStop();
  const commands = await counter?.end();
  // A file store's writes: files changed over warm-up + window (the previous load has finished).
  const dir = system.store?.dir;
  const filesWritten = dir && workload === "read" ? await filesWrittenSince(dir, since) : undefined;
  return { ...result, cpuUs: cpu.user + cpu.system, filesWritten, commands };
}

/** Starts a system's server, seeds its sessions: the state the rounds measure. */
async function open(system, config, log) {
  const run = { system, windows: { write: [], read: [] } };
  const backend = COUNTED_BACKENDS[system.backend] ? system.backend : undefined;
  try {
    if (backend) run.counter = await CommandCounter.open(backend, config[COUNTED_BACKENDS[backend]]);
    run.proc = await ServerProcess.start(system.module, system.config ?? {});
    const started = Date.now();
    const { cookies, failures } = await seed(run.proc.port, config.sessions);
    Object.assign(run, { cookies, seedFailures: failures });
    log(`  seeded ${cookies.length} sessions in ${((Date.now() - started) / 1000).toFixed(1)} s${failures ? ` (${failures} failed)` : ""}`);
  } catch (err) {
    run.failed = String(err.message).split("\n")[0];
    log(`  failed: ${err.message}`);
  }
  return run;
}

function describe(w, backend) {
  return `${w.rps.toFixed(0).padStart(7)} req/s  p50 ${w.p50} ms  p99 ${w.p99} ms  cpu ${w.cpuUsPerRequest.toFixed(1)} µs/req` +
    (w.commandsPerRequest === undefined ? "" : `  ${w.commandsPerRequest.toFixed(2)} ${backend} counters/req`) +
    (w.filesWritten === undefined ? "" : `  ${w.filesWritten} files written`) +
    (w.non2xx || w.errors ? `  (${w.non2xx} non-2xx, ${w.errors} errors)` : "");
}

/** One round for one system: both workloads for `duration` seconds each. */
async function round(run, config, log, first, duration) {
  if (run.failed) return;
  try {
    for (const workload of WORKLOADS) {
      const w = await measure(run, workload, config, { duration, warmup: first ? config.warmup : 0 });
      run.windows[workload].push(w);
      log(`  ${workload.padEnd(5)} ${describe(combineWindows([w]), run.system.backend)}`);
    }
  } catch (err) {
    run.failed = String(err.message).split("\n")[0];
    log(`  failed: ${err.message}`);
  }
}

/** Closes the server, counts backend commands on the wire, removes what the system stored, and sums its windows. */
async function finish(run, config, log) {
  const { system } = run;
  try {
    await run.proc?.close();
    if (!run.failed && run.counter) {
      const wire = await wirePass(system, run.cookies, WORKLOADS, config);
      for (const workload of WORKLOADS) {
        run[`wire-${workload}`] = wire[workload];
        log(`  ${system.id} ${workload} on the wire: ${wire[workload].perRequest.toFixed(2)}/request (${Object.entries(wire[workload].byName).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ")})`);
      }
    }
  } catch (err) {
    run.failed ??= String(err.message).split("\n")[0];
    log(`  ${system.id} failed: ${err.message}`);
  } finally {
    await run.counter?.close();
    await cleanUp(system.store ?? {}, config).catch((err) => log(`  ${system.id} cleanup failed: ${err.message}`));
  }
  if (run.failed) return { id: system.id, failed: run.failed };
  const workloads = {};
  for (const workload of WORKLOADS) {
    const wire = run[`wire-${workload}`];
    workloads[workload] = { ...combineWindows(run.windows[workload]), wirePerRequest: wire?.perRequest, wireByName: wire?.byName };
  }
  return { id: system.id, seeded: run.cookies.length, seedFailures: run.seedFailures, workloads, fatal: run.proc?.fatal };
}

/**
 * Measures every system in `config.rounds` rounds of `duration / rounds` seconds per
 * workload, all servers staying up between rounds, so a burst of background load on
 * a shared machine spreads over the systems instead of landing on one. A system is
 * seeded just before its first round.
 */
export async function benchSystems(list, config, log) {
  const rounds = Math.max(1, config.rounds);
  const duration = config.duration / rounds;
  const runs = [];
  try {
    for (let r = 0; r < rounds; r++) {
      log(`round ${r + 1} of ${rounds}`);
      for (const [i, system] of list.entries()) {
        log(`${system.label} [${system.id}]`);
        if (r === 0) runs.push(await open(system, config, log));
        await round(runs[i], config, log, r === 0, duration);
      }
    }
  } finally {
    const out = [];
    for (const run of runs) out.push(await finish(run, config, log));
    runs.length = 0;
    runs.push(...out);
  }
  return runs;
}
