import assert from "node:assert/strict";
import { SessError, type SessErrorCode, type StoredSession } from "@sess/core/provider";

/** The data of a record as sorted [key, value] pairs, so prototypes and key order never matter. */
export function entriesOf(data: Readonly<Record<string, string>>): [string, string][] {
  return Object.keys(data)
    .sort()
    .map((name) => [name, data[name]!]);
}

/** Asserts `record` is present and holds exactly `expected`, naming missing keys, extra keys and different values. */
export function assertData(record: StoredSession | null, expected: Readonly<Record<string, string>>, what = "read(key)"): StoredSession {
  assert.ok(record, `${what} returned null, expected a record`);
  const problems = dataDifferences(record.data, expected);
  if (problems.length > 0) assert.fail(`${what} returned other data than was written: ${problems.join("; ")}`);
  return record;
}

/** How `actual` differs from `expected`, as "missing keys …", "extra keys …" and "different values …"; empty when equal. */
export function dataDifferences(actual: Readonly<Record<string, string>>, expected: Readonly<Record<string, string>>): string[] {
  const has = (data: Readonly<Record<string, string>>, name: string): boolean => Object.prototype.hasOwnProperty.call(data, name);
  const missing = Object.keys(expected).filter((name) => !has(actual, name));
  const extra = Object.keys(actual).filter((name) => !has(expected, name));
  const different = Object.keys(expected).filter((name) => has(actual, name) && actual[name] !== expected[name]);
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`missing keys ${list(missing)}`);
  if (extra.length > 0) problems.push(`extra keys ${list(extra)}`);
  if (different.length > 0) {
    const shown = different.slice(0, 5).map((name) => `${describe(name)}: expected ${describe(expected[name])}, got ${describe(actual[name])}`);
    problems.push(`different values ${shown.join(", ")}${different.length > 5 ? ` and ${different.length - 5} more` : ""}`);
  }
  return problems;
}

// A thousand-key record must not make a thousand-line message.
function list(names: string[]): string {
  const shown = names.slice(0, 10).map((name) => describe(name)).join(", ");
  return names.length > 10 ? `${shown} and ${names.length - 10} more` : shown;
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
