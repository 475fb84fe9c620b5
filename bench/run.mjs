// sess beside express-session (and its stores) and iron-session: one command, one report.
// `node bench/run.mjs` (the root `pnpm bench` builds first). BENCH_SMOKE=1 for a quick CI run.
import { mkdir, writeFile } from "node:fs/promises";
import { config } from "./lib/setup/config.mjs";
import { backendVersions, machine, packageVersions, sourceRevision } from "./lib/setup/machine.mjs";
import { PAYLOAD_BYTES } from "./lib/setup/payload.mjs";
import { removeDir } from "./lib/setup/services.mjs";
import { managerProblem, mysqlProblem, postgresProblem, providerProblem, redisProblem } from "./lib/setup/services.mjs";
import { evaluateGoals } from "./lib/report/goals.mjs";
import { profileSystem } from "./lib/profile/profile.mjs";
import { httpSection, inprocessSection, leveldbScaleSection, memorySection, providerCountSection, scaleSection, skipReason } from "./lib/load/sections.mjs";
import { runDir } from "./lib/setup/provider-configs.mjs";
import { systems } from "./lib/setup/systems.mjs";
import { writeReport } from "./lib/report/write-report.mjs";

const began = Date.now();
const log = (line) => console.log(`[${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}`);

const info = { machine: machine(), versions: packageVersions(), revision: sourceRevision(), payloadBytes: PAYLOAD_BYTES };
const settings = { smoke: config.smoke, duration: config.duration, rounds: config.rounds, warmup: config.warmup, sessions: config.sessions, connections: config.connections, runId: config.runId };
log(`machine: ${info.machine.cpu}, ${info.machine.cores} cores, ${info.machine.memoryGiB} GiB, ${info.machine.os}`);
log(`node ${info.machine.node}, ${info.machine.date}, sess at ${info.revision}`);
log(`packages: ${Object.entries(info.versions).map(([k, v]) => `${k}@${v}`).join(" ")}`);
log(`settings: ${JSON.stringify(settings)}`);

const problems = { redis: await redisProblem(config.redisUrl), mysql: await mysqlProblem(config.mysqlUrl), postgres: await postgresProblem(config.postgresUrl), manager: await managerProblem() };
for (const p of ["memory", "file", "redis", "mysql", "postgres", "leveldb"]) problems[`provider:${p}`] = providerProblem(p);
info.backends = await backendVersions(config, { redis: !problems.redis, mysql: !problems.mysql });
log(`backends: ${JSON.stringify(info.backends)}`);
for (const [need, problem] of Object.entries(problems)) if (problem) log(`unavailable: ${need}: ${problem}`);

const results = { info, settings, problems };
const sections = config.sections;
try {
  const http = async () => {
    if (sections.has("http")) results.http = await httpSection(systems(config), problems, config, log);
  };
  const others = async () => {
    if (sections.has("inprocess")) {
      log("in-process (tinybench)…");
      results.inprocess = await inprocessSection(problems, config);
    }
    if (sections.has("memory")) {
      log("heap per session…");
      results.memory = await memorySection(problems, config);
    }
    if (sections.has("scale")) {
      log("scale…");
      results.scale = await scaleSection(problems, config);
      results.providerCount = await providerCountSection(problems, config);
      results.leveldbScale = await leveldbScaleSection(problems, config);
    }
  };
  // A smoke run only checks that everything still runs, so it may overlap sections; a real run never does.
  if (config.smoke) await Promise.all([http(), others()]);
  else {
    await http();
    await others();
  }
  // A missed goal gets a CPU profile of the sess server before anyone guesses why.
  if (results.http && !config.smoke && process.env.BENCH_PROFILE !== "0") {
    const list = systems(config);
    const wanted = new Map();
    for (const goal of evaluateGoals(results)) if (goal.verdict === "NOT MET" && goal.profile) wanted.set(`${goal.profile}:${goal.workload}`, goal);
    for (const [key] of wanted) {
      const [id, workload] = key.split(":");
      const system = list.find((s) => s.id === id);
      if (!system || skipReason(system.needs, problems)) continue;
      log(`profiling ${id} (${workload})…`);
      results.profiles ??= [];
      results.profiles.push(await profileSystem(system, workload, config).catch((err) => ({ id, workload, top: [], finding: `profile failed: ${err.message}` })));
    }
  }
} finally {
  await removeDir(runDir(config.runId));
}
results.seconds = (Date.now() - began) / 1000;

const rawDir = new URL("results/", import.meta.url);
await mkdir(rawDir, { recursive: true });
const stamp = info.machine.date.replaceAll(/[:.]/g, "-");
const raw = JSON.stringify(results, null, 2);
await writeFile(new URL(`${config.smoke ? "smoke-" : ""}${stamp}.json`, rawDir), raw);
await writeFile(new URL(config.smoke ? "smoke-latest.json" : "latest.json", rawDir), raw);
// A smoke run reports into results/ only, leaving the committed RESULTS.md and chart alone.
const written = await writeReport(results, config.smoke ? rawDir : new URL("./", import.meta.url));
log(`wrote ${written.join(", ")} in ${results.seconds.toFixed(0)} s`);

const failed = (results.http ?? []).filter((r) => r.failed);
if (failed.length > 0) {
  log(`failed: ${failed.map((r) => `${r.id} (${r.failed})`).join("; ")}`);
  process.exitCode = 1;
}

// Everything is written: leave now. A client or child a system left open (seen once in CI:
// the run finished in 125 s, then the process idled until `timeout 300` killed it) must not
// turn a finished run into a failure.
process.exit(process.exitCode ?? 0);
