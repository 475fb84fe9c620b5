import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createManager, type Manager } from "@sess/core";
import { expressApp, listen, nodeApp } from "./app.js";
import { type Client, drive, LoadStats, lostSessions } from "./load.js";
import { sleep } from "./processes.js";

/** A store the soak can break: opens a manager on it, and runs one fault (calling `back()` when the store is usable again). */
export interface Fault {
  /** Shown in the report ("redis kill -9 and restart"). */
  readonly name: string;
  /** Starts the private backend and a manager on it. */
  open(): Promise<Manager>;
  /** Breaks the store, restores it, and calls `back()` the moment it is restored. */
  cycle(back: () => void): Promise<void>;
  /** Stops what `open` started. */
  close(): Promise<void>;
}

/** How hard and how long: the short form runs in CI, the long one for RELIABILITY.md. */
export interface SoakShape {
  clients: number;
  cycles: number;
  /** Load before the first fault, and after each recovery, in ms. */
  steadyMs: number;
}

/** The figures one scenario produced. */
export interface SoakReport {
  scenario: string;
  seconds: number;
  served: number;
  failed: number;
  failures: Record<string, number>;
  maxFailedMs: number;
  /** Code, time and origin of the slowest failed request. */
  slowestFailure: string;
  maxServedMs: number;
  /** The slowest recovery over the cycles: ms from the store being back to the first request that succeeded. */
  maxRecoveryMs: number;
  lostAcknowledged: number;
  acknowledgedSessions: number;
  unhandledRejections: number;
  heapGrowthMb: number;
}

// --expose-gc at run time, so heap figures compare live objects, not garbage.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Runs load through node:http and Express (half the clients each) while `fault` breaks and restores the store `shape.cycles` times. */
export async function soak(fault: Fault, shape: SoakShape): Promise<SoakReport> {
  let unhandled = 0;
  const count = () => void unhandled++;
  process.on("unhandledRejection", count);
  const started = Date.now();
  const manager = await fault.open();
  const servers = [await listen(nodeApp(manager), "node"), await listen(expressApp(manager), "express")];
  try {
    const clients: Client[] = Array.from({ length: shape.clients }, (_, i) => ({ base: servers[i % 2]!.base, adapter: servers[i % 2]!.label, cookie: undefined, acked: 0 }));
    const stats = new LoadStats();
    let stop = false;
    const load = drive(clients, stats, () => stop);
    await sleep(shape.steadyMs);
    const heapStart = heapMb();
    let maxRecoveryMs = 0;
    for (let i = 0; i < shape.cycles; i++) {
      await fault.cycle(() => stats.mark());
      const until = Date.now() + 60_000;
      while (stats.recoveredAfterMs === undefined && Date.now() < until) await sleep(20);
      maxRecoveryMs = Math.max(maxRecoveryMs, stats.recoveredAfterMs ?? Infinity);
      await sleep(shape.steadyMs);
    }
    stop = true;
    await load;
    const heapEnd = heapMb();
    const lost = await lostSessions(clients);
    return {
      scenario: fault.name,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      served: stats.served,
      failed: stats.failed,
      failures: stats.failures,
      maxFailedMs: Math.round(stats.maxFailedMs),
      slowestFailure: stats.slowestFailure,
      maxServedMs: Math.round(stats.maxServedMs),
      maxRecoveryMs: Math.round(maxRecoveryMs),
      lostAcknowledged: lost,
      acknowledgedSessions: clients.filter((c) => c.acked > 0).length,
      unhandledRejections: unhandled,
      heapGrowthMb: Math.round((heapEnd - heapStart) * 10) / 10,
    };
  } finally {
    for (const server of servers) await server.close();
    await manager.close().catch(() => {});
    await fault.close();
    process.off("unhandledRejection", count);
  }
}

/** Opens a manager on a provider instance with the soak's settings (cookie "sid", errors to the report, not the console). */
export function soakManager(provider: Parameters<typeof createManager>[0]["provider"]): Promise<Manager> {
  return createManager({ provider, cookieName: "sid", maxLifetime: 3600, secrets: ["soak-secret-of-sixteen-plus"], onError: () => {} });
}

/** The report as a Markdown table row. */
export function reportRow(r: SoakReport): string {
  const failures = Object.entries(r.failures).map(([code, n]) => `${code} ${n}`).join(", ") || "none";
  // prettier-ignore
  return `| ${r.scenario} | ${r.seconds} | ${r.served} | ${r.failed} (${failures}) | ${r.maxFailedMs} | ${r.maxServedMs} | ${r.maxRecoveryMs} | ${r.lostAcknowledged} of ${r.acknowledgedSessions} | ${r.unhandledRejections} | ${r.heapGrowthMb} |`;
}

/** The header of the Markdown table `reportRow` fills. */
export const REPORT_HEADER = [
  "| scenario | seconds | requests served | requests failed (codes) | slowest failed request, ms | slowest served request, ms | recovery after the store is back, ms (slowest cycle) | acknowledged sessions lost | unhandled rejections | heap growth, MB |",
  "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
].join("\n");
