import { mkdir, readdir } from "node:fs/promises";
import { load, seed } from "./load.mjs";
import { topFunctions } from "./profile-top.mjs";
import { ServerProcess } from "./server-process.mjs";
import { cleanUp } from "./services.mjs";

const PROFILES = new URL("../results/profiles/", import.meta.url);

/** Runs `system` once more under `node --cpu-prof` for one workload and returns the functions with the most self time. */
export async function profileSystem(system, workload, config) {
  const dir = new URL(`${system.id}-${workload}-${Date.now()}/`, PROFILES);
  await mkdir(dir, { recursive: true });
  const proc = await ServerProcess.start(system.module, system.config ?? {}, ["--cpu-prof", `--cpu-prof-dir=${dir.pathname}`]);
  let result;
  try {
    const { cookies } = await seed(proc.port, config.sessions);
    result = await load(proc.port, `/${workload}`, cookies, { duration: config.duration, connections: config.connections });
  } finally {
    await proc.close(); // the child exits, which writes the profile
    await cleanUp(system.store ?? {}, config).catch(() => {});
  }
  const file = (await readdir(dir)).find((f) => f.endsWith(".cpuprofile"));
  if (!file) return { id: system.id, workload, rps: result.rps, top: [], finding: "no profile was written" };
  return { id: system.id, workload, rps: result.rps, file: new URL(file, dir).pathname, top: await topFunctions(new URL(file, dir).pathname, 15) };
}
