import type { TestBody, TestRegistrar } from "@sess/conformance";

/** How one registered test ended. */
export interface Collected {
  name: string;
  status: "passed" | "failed" | "skipped";
  /** The describe() block it was registered in: the group's name. */
  group: string;
  /** The note a test skipped at run time gave. */
  note?: string;
  error?: unknown;
}

/**
 * Registers tests with a fake `it` that records them, then runs each one in turn, catching
 * failures: the suite's own verdict on a provider, as data a test can assert on.
 */
export async function collect(register: (it: TestRegistrar) => void, capMs = 20_000): Promise<Collected[]> {
  const registered: { name: string; fn?: TestBody; timeout?: number; group: string }[] = [];
  let group = "";
  const it = Object.assign((name: string, fn: TestBody, timeout?: number) => void registered.push({ name, fn, timeout, group }), {
    skip: (name: string) => void registered.push({ name, group }),
    describe: (name: string, fn: () => void) => {
      group = name;
      fn();
      group = "";
    },
  });
  register(it);
  const results: Collected[] = [];
  for (const { name, fn, timeout, group } of registered) {
    if (!fn) {
      results.push({ name, group, status: "skipped" });
      continue;
    }
    let note: string | undefined;
    const skip = (why?: string): never => {
      note = why ?? "";
      throw new SkipSignal();
    };
    try {
      await withTimeout(fn({ skip }), Math.min(timeout ?? capMs, capMs));
      results.push({ name, group, status: "passed" });
    } catch (error) {
      if (note !== undefined) results.push({ name, group, status: "skipped", note });
      else results.push({ name, group, status: "failed", error });
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

// Thrown by the fake context's skip(), as vitest's is, to end the test there.
class SkipSignal extends Error {}
