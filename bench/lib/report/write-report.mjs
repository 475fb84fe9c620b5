import { readFile, writeFile } from "node:fs/promises";
import { barChart } from "./chart.mjs";
import { table } from "./format.mjs";
import { evaluateGoals } from "./goals.mjs";
import { chartRows, httpSection } from "./report-http.mjs";
import { inprocessSection, memorySection, profileSection, scaleSection } from "./report-other.mjs";
import { systems } from "../setup/systems.mjs";

function header(results) {
  const { machine, versions, backends, payloadBytes } = results.info;
  const s = results.settings;
  return [
    "# sess bench results",
    "",
    `Written by \`pnpm bench\` (\`node bench/run.mjs\`) on ${machine.date}. Figures are from one run on one machine: compare them with each other (ratios), not with other machines.`,
    "",
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}`,
    `- sess built from commit ${results.info.revision ?? "unknown"}; Node ${machine.node}; Redis ${backends.redis ?? "n/a"}; ${backends.mysql ? `MariaDB/MySQL ${backends.mysql}` : "MySQL n/a"}`,
    `- HTTP: ${s.sessions.toLocaleString("en-US")} sessions seeded per system (${payloadBytes} bytes of data each), ${s.connections} connections, ${s.warmup} s warm-up then ${s.duration} s measured per workload in ${s.rounds ?? 1} round(s) over all systems; the load generator runs on the same machine as the server.`,
    `- Packages: ${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(", ")}`,
    `- Run took ${Math.round(results.seconds)} s${s.smoke ? " (SMOKE run: too short to mean anything)" : ""}.`,
    "",
  ].join("\n");
}

// Hand-written reading of the profiles and misses (bench/findings.md), when there is one.
async function findings() {
  const text = await readFile(new URL("../../findings.md", import.meta.url), "utf8").catch(() => "");
  return text.trim() ? `${text.trim()}\n` : "";
}

/** Writes RESULTS.md and results.svg into `dir` (a file URL ending in /); returns their names. */
export async function writeReport(results, dir) {
  const list = systems(results.settings);
  const goals = evaluateGoals(results);
  results.goals = goals;
  const md = [
    header(results),
    "## Goals",
    "",
    table(["goal", "verdict", "measured"], goals.map((g) => [g.goal, `**${g.verdict}**`, g.detail])),
    "",
    await findings(),
    "![requests per second per system](results.svg)",
    "",
    results.http ? httpSection(list, results.http) : "",
    inprocessSection(results.inprocess),
    memorySection(results.memory, results.info.payloadBytes),
    results.scale || results.providerCount ? scaleSection(results.scale, results.providerCount) : "",
    profileSection(results.profiles),
  ].join("\n");
  await writeFile(new URL("RESULTS.md", dir), `${md.trimEnd()}\n`);
  const { machine } = results.info;
  const svg = barChart(chartRows(list, results.http ?? []), {
    title: "Requests per second by system (higher is better)",
    subtitle: `${results.settings.sessions.toLocaleString("en-US")} sessions, ${results.settings.connections} connections, ${results.settings.duration} s per workload · ${machine.cpu}, ${machine.cores} cores · Node ${machine.node} · ${machine.date.slice(0, 10)}`,
  });
  await writeFile(new URL("results.svg", dir), svg);
  return ["RESULTS.md", "results.svg"].map((f) => new URL(f, dir).pathname);
}
