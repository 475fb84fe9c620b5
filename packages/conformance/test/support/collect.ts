import type { TestBody, TestRegistrar } from "@sess/conformance";

/** How one registered test ended. */
export interface Collected {
  name: string;
  status: "passed" | "failed" | "skipped";
  error?: unknown;
}

/**
 * Registers tests with a fake `it` that records them, then runs each one in turn, catching
 * failures: the suite's own verdict on a provider, as data a test can assert on.
 */
export async function collect(register: (it: TestRegistrar) => void, capMs = 20_000): Promise<Collected[]> {
  const registered: { name: string; fn?: TestBody; timeout?: number }[] = [];
  const it = Object.assign((name: string, fn: TestBody, timeout?: number) => void registered.push({ name, fn, timeout }), {
    skip: (name: string) => void registered.push({ name }),
  });
  register(it);
  const results: Collected[] = [];
  for (const { name, fn, timeout } of registered) {
    if (!fn) {
      results.push({ name, status: "skipped" });
      continue;
    }
    try {
      await withTimeout(fn(), Math.min(timeout ?? capMs, capMs));
      results.push({ name, status: "passed" });
    } catch (error) {
      results.push({ name, status: "failed", error });
    }
  }
  return results;
}

/** The names of the tests with `status`. */
export function named(results: Collected[], status: Collected["status"]): string[] {
  return results.filter((r) => r.status === status).map((r) => r.name);
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
