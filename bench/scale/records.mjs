import { randomBytes } from "node:crypto";
import { seedData } from "../lib/setup/payload.mjs";

const RUN = randomBytes(20).toString("hex");

/** The i-th storage key of this process: 64 lowercase hex, like the Manager's SHA-256 keys, without hashing a million ids. */
export function storageKey(i) {
  return RUN + i.toString(16).padStart(24, "0");
}

/** The change a Manager hands a provider when session `i` is first released: every value JSON-encoded. */
export function newSessionChange(i, createdAt) {
  const set = Object.create(null);
  for (const [k, v] of Object.entries({ ...seedData(i), n: 0 })) set[k] = JSON.stringify(v);
  return { isNew: true, clear: false, set, deleted: [], createdAt };
}

/** Writes `count` new records through `provider.write`, `inFlight` at a time, stopping early at `deadline` (epoch ms); resolves with how many were written. */
export async function writeRecords(provider, count, expiryOf, inFlight = 64, deadline = Number.POSITIVE_INFINITY) {
  let next = 0;
  let written = 0;
  // One change for every record: a provider copies what it stores and never mutates the change.
  const change = newSessionChange(0, Date.now());
  const worker = async () => {
    while (next < count && (next % 256 !== 0 || Date.now() < deadline)) {
      const i = next++;
      await provider.write(storageKey(i), change, expiryOf(i));
      written++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return written;
}

/** Median wall time of `runs` calls of `fn`, milliseconds, and the last value it returned. */
export async function timed(fn, runs = 5) {
  const times = [];
  let value;
  for (let r = 0; r < runs; r++) {
    const t = process.hrtime.bigint();
    value = await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], value };
}
