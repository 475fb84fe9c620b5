// Re-renders RESULTS.md and results.svg from a run's raw output, without running anything:
// `node bench/report.mjs [bench/results/<run>.json]` (default: the latest full run).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { writeReport } from "./lib/report/write-report.mjs";

const file = process.argv[2] ? path.resolve(process.argv[2]) : new URL("results/latest.json", import.meta.url).pathname;
const results = JSON.parse(await readFile(file, "utf8"));
const written = await writeReport(results, new URL(results.settings.smoke ? "results/" : "./", import.meta.url));
console.log(`wrote ${written.join(", ")} from ${file}`);
