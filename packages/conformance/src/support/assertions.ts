import assert from "node:assert/strict";
import { SessError, type SessErrorCode, type StoredSession } from "@sess/core";

/** The data of a record as sorted [key, value] pairs, so prototypes and key order never matter. */
export function entriesOf(data: Readonly<Record<string, string>>): [string, string][] {
  return Object.keys(data)
    .sort()
    .map((name) => [name, data[name]!]);
}

/** Asserts `record` is present and holds exactly `expected`. */
export function assertData(record: StoredSession | null, expected: Readonly<Record<string, string>>, what = "read(key)"): StoredSession {
  assert.ok(record, `${what} returned null, expected a record`);
  assert.deepEqual(entriesOf(record.data), entriesOf(expected), `${what} returned other data than was written`);
  return record;
}

/** Asserts `actual` is within `tolerance` ms of `expected`. */
export function assertTime(actual: number, expected: number, tolerance: number, what: string): void {
  assert.equal(typeof actual, "number", `${what} is not a number: ${String(actual)}`);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} is ${actual}, expected ${expected} (±${tolerance} ms)`);
}

/** How `work` settled: its value or its error. Synchronous throws count as failures of their own. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown; sync: boolean };

/** Runs `work`, capturing a synchronous throw separately from a rejection. */
export async function outcomeOf<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  let pending: Promise<T>;
  try {
    pending = work();
  } catch (error) {
    return { ok: false, error, sync: true };
  }
  try {
    return { ok: true, value: await pending };
  } catch (error) {
    return { ok: false, error, sync: false };
  }
}

/** Why `outcome` is not a rejection with a SessError carrying `code` (any code when omitted), or undefined when it is. */
export function sessErrorProblem(outcome: Outcome<unknown>, code?: SessErrorCode): string | undefined {
  if (outcome.ok) return `resolved with ${describe(outcome.value)} instead of rejecting`;
  if (outcome.sync) return "threw synchronously instead of returning a rejected promise";
  const error = outcome.error;
  if (!(error instanceof SessError)) return `rejected with ${describe(error)}, not a SessError`;
  if (code !== undefined && error.code !== code) return `rejected with SessError code ${error.code}, expected ${code}`;
  return undefined;
}

/** Asserts that `work` rejects with a SessError carrying `code`. */
export async function assertRejects(work: () => Promise<unknown>, code: SessErrorCode | undefined, what: string): Promise<void> {
  const problem = sessErrorProblem(await outcomeOf(work), code);
  assert.equal(problem, undefined, `${what} ${problem ?? ""}`);
}

/** A short printable form of any value, for failure messages. */
export function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 80)}…` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
