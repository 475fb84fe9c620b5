import { builtinModules } from "node:module";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import type { AppConfig } from "../../app/managers.ts";
import type { RunningApp } from "./process.ts";

/** The compatibility settings the README names for Workers. */
export const WORKERS_COMPAT = { compatibilityDate: "2026-04-01", compatibilityFlags: ["nodejs_compat"] };

/** Bundles a Worker entry as Wrangler does: ESM, the workerd/worker/browser conditions, Node built-ins (node:fs and fs) left to nodejs_compat. */
export async function bundleWorker(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    external: ["node:*", ...builtinModules],
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

/** Starts `script` in workerd with `nodejs_compat` and `bindings` as its env. */
export async function startWorker(script: string, bindings: AppConfig): Promise<RunningApp> {
  const mf = new Miniflare({ modules: true, script, ...WORKERS_COMPAT, bindings: { ...bindings }, host: "127.0.0.1", port: 0 });
  const url = await mf.ready;
  return { url, version: "workerd (miniflare)", stop: () => mf.dispose() };
}

let appScript: Promise<string> | undefined;

/** The app (app/worker.ts) in workerd, bundled once per test file. */
export function startWorkerd(config: AppConfig): Promise<RunningApp> {
  appScript ??= bundleWorker(new URL("../../app/worker.ts", import.meta.url).pathname);
  return appScript.then((script) => startWorker(script, config));
}
