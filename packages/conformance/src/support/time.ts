import { setTimeout as delay } from "node:timers/promises";

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return delay(Math.max(0, ms)).then(() => undefined);
}

/** Resolves once the wall clock is past `time` by at least `margin` ms. */
export async function sleepPast(time: number, margin: number): Promise<void> {
  for (;;) {
    const left = time + margin - Date.now();
    if (left < 0) return;
    await sleep(left + 1);
  }
}
