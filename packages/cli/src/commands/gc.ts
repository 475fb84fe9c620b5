import { type Manager, isSessError } from "@sess/core";
import type { Io } from "../output.js";
import type { CommandResult } from "./result.js";

const FRAMES = ["|", "/", "-", "\\"];

async function countOrUndefined(manager: Manager): Promise<number | undefined> {
  try {
    return await manager.count();
  } catch (err) {
    if (isSessError(err, "UNSUPPORTED")) return undefined;
    throw err;
  }
}

/**
 * `sess gc`: one collection pass. A large store takes a while, so a terminal sees the phase and the
 * time so far (a provider collects in one call, so there is no percentage to show), then a summary.
 */
export async function gc(manager: Manager, io: Io, showProgress: boolean): Promise<CommandResult> {
  const started = performance.now();
  let phase = "collecting expired sessions";
  let frame = 0;
  const draw = () => io.err(`\r${FRAMES[frame++ % FRAMES.length]} ${phase}… ${((performance.now() - started) / 1000).toFixed(1)} s `);
  const timer = showProgress && io.tty ? setInterval(draw, 100) : undefined;
  try {
    // No count before the pass: on a large store it costs a scan as long as the pass itself.
    const removed = await manager.gc();
    const seconds = (performance.now() - started) / 1000;
    phase = "counting the live sessions";
    const after = await countOrUndefined(manager);
    const summary = `removed ${removed} expired sessions in ${seconds.toFixed(2)} s` + (after === undefined ? "" : `; ${after} live sessions`);
    return { exitCode: 0, json: { removed, live: after ?? null, seconds }, text: `${summary}\n` };
  } finally {
    if (timer !== undefined) {
      clearInterval(timer);
      io.err("\r\x1b[K");
    }
  }
}
