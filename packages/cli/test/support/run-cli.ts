import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createManager, type Manager } from "@sess/core";

const BIN = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));

/** What one run of the built `sess` printed, and its exit code. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed, for --json runs. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read what the command printed
  json: any;
}

/** Runs the built bin as an operator would, in a process of its own. */
export function sess(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 25_000 }, (error, stdout, stderr) => {
      const code = error ? ((error as { code?: unknown }).code as number) : 0;
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code: typeof code === "number" ? code : 1, stdout, stderr, json });
    });
  });
}

/** Writes `config` to a JSON file in a fresh temporary directory; returns its path. */
export function configFile(config: object): string {
  const path = join(mkdtempSync(join(tmpdir(), "sess-cli-")), "sess.config.json");
  writeFileSync(path, JSON.stringify(config));
  return path;
}

/** What the seeded sessions hold, so a test can check none of it is printed. */
export interface Seeded {
  ids: string[];
  keys: string[];
  value: string;
}

/**
 * Stores `n` sessions bound to `subject` (each holding `value`) through a Manager, as an app would;
 * `ageMs` moves the manager's clock back, so the sessions are already expired for a clock that is not.
 */
export async function seed(options: { provider: string; providerConfig: unknown }, subject: string, n: number, ageMs = 0): Promise<Seeded> {
  await import(`@sess/provider-${options.provider}`);
  const manager: Manager = await createManager({ ...options, maxLifetime: 3600, now: () => Date.now() - ageMs });
  const seeded: Seeded = { ids: [], keys: [], value: `private-value-${Math.random().toString(36).slice(2)}` };
  for (let i = 0; i < n; i++) {
    const session = manager.create();
    session.set("token", seeded.value);
    session.setSubject(subject);
    await session.release();
    seeded.ids.push(session.id);
    seeded.keys.push(session.storageKey);
  }
  await manager.close();
  return seeded;
}

/** Fails when any seeded id, storage key or value appears in a run's output. */
export function leaked(run: Run, seeded: Seeded): string[] {
  const text = run.stdout + run.stderr;
  return [...seeded.ids, ...seeded.keys, seeded.value].filter((secret) => text.includes(secret));
}
