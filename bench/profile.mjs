// Profiles one system's server under load: `node bench/profile.mjs <system id> [write|read]`.
// Prints the functions with the most self time and where the .cpuprofile was written
// (open it in Chrome DevTools or speedscope for the call tree).
import { config } from "./lib/setup/config.mjs";
import { profileSystem } from "./lib/profile/profile.mjs";
import { systems } from "./lib/setup/systems.mjs";

const [id, workload = "write"] = process.argv.slice(2);
const system = systems(config).find((s) => s.id === id);
if (!system) {
  console.error(`usage: node bench/profile.mjs <system id> [write|read]\nsystems: ${systems(config).map((s) => s.id).join(", ")}`);
  process.exit(2);
}
const result = await profileSystem(system, workload, config);
console.log(`${id} ${workload}: ${result.rps.toFixed(0)} req/s while profiled, ${result.requests} requests`);
console.table(result.top.map((f) => ({ "self %": f.percent.toFixed(1), function: f.name, where: f.where })));
console.log(result.file);
