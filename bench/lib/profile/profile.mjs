import { mkdir } from "node:fs/promises";
import { load, seed } from "../load/load.mjs";
import { ownerShares, topFunctions } from "./profile-top.mjs";
import { ServerProcess } from "../load/server-process.mjs";
import { cleanUp } from "../setup/services.mjs";

const PROFILES = new URL("../../results/profiles/", import.meta.url);

/**
 * Runs `system` once more with the V8 CPU profiler on for one workload's load only
 * (after startup, seeding and a warm-up) and returns the functions with the most self time.
 */
export async function profileSystem(system, workload, config) {
  await mkdir(PROFILES, { recursive: true });
  const file = new URL(`${system.id}-${workload}-${Date.now()}.cpuprofile`, PROFILES).pathname;
  const proc = await ServerProcess.start(system.module, system.config ?? {});
  let result;
  try {
    const { cookies } = await seed(proc.port, config.sessions);
    const options = { duration: config.duration, connections: config.connections };
    await load(proc.port, `/${workload}`, cookies, { ...options, duration: config.warmup || 1 });
    await proc.idle();
    await proc.profileStart();
    result = await load(proc.port, `/${workload}`, cookies, options);
    await proc.profileStop(file);
  } finally {
    await proc.close();
    await cleanUp(system.store ?? {}, config).catch(() => {});
  }
  return { id: system.id, workload, rps: result.rps, requests: result.requests, file, owners: await ownerShares(file), top: await topFunctions(file, 15) };
}
