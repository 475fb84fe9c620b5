// sess beside express-session (and its stores) and iron-session: one command, one report.
// `node bench/run.mjs` (the root `pnpm bench` builds first). BENCH_SMOKE=1 for a quick CI run.
import { mkdir, writeFile } from "node:fs/promises";
import { config } from "./lib/config.mjs";
import { backendVersions, machine, packageVersions } from "./lib/machine.mjs";
import { PAYLOAD_BYTES } from "./lib/payload.mjs";
import { removeDir } from "./lib/services.mjs";
import { managerProblem, mysqlProblem, providerProblem, redisProblem } from "./lib/services.mjs";
import { httpSection, inprocessSection, memorySection, providerCountSection, scaleSection } from "./lib/sections.mjs";
import { runDir } from "./lib/provider-configs.mjs";
import { systems } from "./lib/systems.mjs";
import { writeReport } from "./lib/write-report.mjs";

const log = (line) => console.log(line);
const began = Date.now();

const info = { machine: machine(), versions: packageVersions(), payloadBytes: PAYLOAD_BYTES };
const settings = { smoke: config.smoke, duration: config.duration, warmup: config.warmup, sessions: config.sessions, connections: config.connections, runId: config.runId };
log(`machine: ${info.machine.cpu}, ${info.machine.cores} cores, ${info.machine.memoryGiB} GiB, ${info.machine.os}`);
log(`node ${info.machine.node}, ${info.machine.date}`);
log(`packages: ${Object.entries(info.versions).map(([k, v]) => `${k}@${v}`).join(" ")}`);
log(`settings: ${JSON.stringify(settings)}`);

const problems = { redis: await redisProblem(config.redisUrl), mysql: await mysqlProblem(config.mysqlUrl), manager: await managerProblem() };
for (const p of ["memory", "file", "redis", "mysql"]) problems[`provider:${p}`] = providerProblem(p);
info.backends = await backendVersions(config, { redis: !problems.redis, mysql: !problems.mysql });
log(`backends: ${JSON.stringify(info.backends)}`);
for (const [need, problem] of Object.entries(problems)) if (problem) log(`unavailable: ${need}: ${problem}`);

const results = { info, settings, problems };
const sections = config.sections;
try {
  if (sections.has("http")) results.http = await httpSection(systems(config), problems, config, log);
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
  }
} finally {
  await removeDir(runDir(config.runId));
}
results.seconds = (Date.now() - began) / 1000;

const rawDir = new URL("results/", import.meta.url);
await mkdir(rawDir, { recursive: true });
const stamp = info.machine.date.replaceAll(/[:.]/g, "-");
await writeFile(new URL(`${config.smoke ? "smoke-" : ""}${stamp}.json`, rawDir), JSON.stringify(results, null, 2));
// A smoke run reports into results/ only, leaving the committed RESULTS.md and chart alone.
const written = await writeReport(results, config.smoke ? rawDir : new URL("./", import.meta.url));
log(`wrote ${written.join(", ")} in ${results.seconds.toFixed(0)} s`);

const failed = (results.http ?? []).filter((r) => r.failed);
if (failed.length > 0) {
  log(`failed: ${failed.map((r) => `${r.id} (${r.failed})`).join("; ")}`);
  process.exitCode = 1;
}
