import { runScript } from "./child-run.mjs";
import { benchSystems } from "./http-bench.mjs";
import { placeFor } from "../setup/provider-configs.mjs";
import { cleanUp } from "../setup/services.mjs";

/** The first unmet need of a system or task, as a reason to skip it, or null. */
export function skipReason(needs, problems) {
  for (const need of needs) if (problems[need]) return problems[need];
  return null;
}

/** HTTP: every system in its own server process, both workloads; skipped systems say why. */
export async function httpSection(list, problems, config, log) {
  const wanted = list.filter((s) => !config.only || config.only.has(s.id));
  const skipped = new Map();
  for (const system of wanted) {
    const reason = skipReason(system.needs, problems);
    if (reason) {
      skipped.set(system.id, reason);
      log(`${system.label} [${system.id}]: skipped (${reason})`);
    }
  }
  const measured = await benchSystems(wanted.filter((s) => !skipped.has(s.id)), config, log);
  const byId = new Map(measured.map((r) => [r.id, r]));
  return wanted.map((s) => (skipped.has(s.id) ? { id: s.id, skipped: skipped.get(s.id) } : byId.get(s.id)));
}

const PROVIDERS = ["memory", "file", "redis", "mysql", "postgres"];

function providerNeeds(name) {
  return ["manager", `provider:${name}`, ...(["redis", "mysql", "postgres"].includes(name) ? [name] : [])];
}

/** Runs `script` over every usable provider (each in its own place), then removes what it stored. */
async function perProvider(script, tag, input, problems, config, options) {
  const usable = [];
  const skipped = {};
  for (const name of PROVIDERS) {
    const reason = skipReason(providerNeeds(name), problems);
    if (reason) skipped[name] = reason;
    else usable.push({ name, ...placeFor(name, `${tag}-${name}`, config) });
  }
  let results = {};
  try {
    if (usable.length > 0) results = await runScript(script, { ...input, providers: usable.map(({ name, providerConfig }) => ({ name, providerConfig })) }, options);
  } catch (err) {
    results = { error: err.message };
  } finally {
    for (const p of usable) await cleanUp(p.store, config).catch(() => {});
  }
  return { results, skipped };
}

/** In-process: the Manager API per provider with tinybench. */
export function inprocessSection(problems, config) {
  return perProvider("inprocess/manager-ops.mjs", "inproc", { benchTime: config.benchTime, sessions: 1000 }, problems, config);
}

/** Each provider's count() at `config.countRecords` records. */
export function providerCountSection(problems, config) {
  return perProvider("scale/provider-count.mjs", "count", { records: config.countRecords, fillSeconds: config.smoke ? 5 : 45 }, problems, config, { execArgv: ["--max-old-space-size=4096"] });
}

/** Heap bytes per session: sess memory provider, express-session MemoryStore, memorystore. */
export async function memorySection(problems, config) {
  const out = {};
  for (const store of ["sess-memory", "express-session-memory", "memorystore"]) {
    const reason = store === "sess-memory" ? skipReason(providerNeeds("memory"), problems) : null;
    out[store] = reason
      ? { skipped: reason }
      : await runScript("memory/heap-per-session.mjs", { store, count: config.memorySessions }, { execArgv: ["--expose-gc"] }).catch((err) => ({ error: err.message }));
  }
  return out;
}

/** The LevelDB provider at `config.countRecords` sessions: count(), GC with 0% and 10% expired, heap and disk bytes per session, durable's cost. */
export async function leveldbScaleSection(problems, config) {
  const reason = skipReason(providerNeeds("leveldb"), problems);
  if (reason) return { skipped: reason };
  const { providerConfig, store } = placeFor("leveldb", "scale-leveldb", config);
  try {
    return await runScript("scale/leveldb-100k.mjs", { records: config.countRecords, dir: providerConfig.path }, { execArgv: ["--expose-gc"] });
  } catch (err) {
    return { error: err.message };
  } finally {
    await cleanUp(store, config).catch(() => {});
  }
}

/** The memory provider's gc() and count() from 10k to 1M sessions. */
export async function scaleSection(problems, config) {
  const reason = skipReason(["provider:memory"], problems);
  if (reason) return { skipped: reason };
  return runScript("scale/memory-scale.mjs", { steps: config.scaleSteps }, { execArgv: ["--expose-gc", "--max-old-space-size=8192"] }).catch((err) => ({ error: err.message }));
}
