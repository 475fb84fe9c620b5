import { spawn } from "node:child_process";
import type { AppConfig } from "../../app/managers.ts";

/** A runtime serving the app: its base URL, the version it reported, and how to stop it. */
export interface RunningApp {
  url: URL;
  version: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

/**
 * Spawns `command` (a runtime binary from node_modules/.bin) and resolves once it prints
 * "listening <port> <version>". A binary that is missing, crashes or stays silent rejects
 * with its output: a runtime that cannot run fails the matrix, it is never skipped.
 */
export function startProcess(command: string, args: string[], config: AppConfig): Promise<RunningApp> {
  const child = spawn(command, args, { cwd: new URL("../..", import.meta.url), env: { ...process.env, ...config }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      void stop();
      reject(new Error(`${command} ${args.join(" ")}: ${why}\n--- output ---\n${output}`));
    };
    const timer = setTimeout(() => fail(`did not print "listening" within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.once("error", (error) => fail(`could not start: ${error.message}`));
    const onExit = (code: number | null, signal: string | null) => fail(`exited before listening (code ${code}, signal ${signal})`);
    child.once("exit", onExit);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+) (.+)/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      child.off("exit", onExit);
      child.stdout.off("data", onData);
      resolve({ url: new URL(`http://127.0.0.1:${match[1]}/`), version: match[2]!.trim(), stop });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  });
}

const bin = (name: string) => new URL(`../../node_modules/.bin/${name}`, import.meta.url).pathname;

/** The app on Bun (the `bun` package's binary, pinned in package.json). */
export function startBun(config: AppConfig): Promise<RunningApp> {
  return startProcess(bin("bun"), ["app/server-bun.ts"], config);
}

/** The app on Deno (the `deno` package's binary, pinned in package.json); the permissions the README names: listen and dial, env, read (node_modules). */
export function startDeno(config: AppConfig): Promise<RunningApp> {
  return startProcess(bin("deno"), ["run", "--allow-net", "--allow-env", "--allow-read", "--quiet", "app/server-deno.ts"], config);
}
