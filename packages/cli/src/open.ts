import { type Manager, SessError, SessErrorCode, createManager } from "@sess/core";
import type { Target } from "./target.js";

const PACKAGES: Record<string, string> = {
  redis: "@sess/provider-redis",
  mysql: "@sess/provider-mysql",
  postgres: "@sess/provider-postgres",
  file: "@sess/provider-file",
  leveldb: "@sess/provider-leveldb",
  memory: "@sess/provider-memory",
};

/** Imports the provider's package (it registers itself) and opens a manager on it. */
export async function openManager(target: Target): Promise<Manager> {
  const name = target.options.provider;
  if (typeof name === "string") {
    const pkg = PACKAGES[name] ?? `@sess/provider-${name}`;
    try {
      await import(pkg);
    } catch (err) {
      if ((err as { code?: unknown }).code !== "ERR_MODULE_NOT_FOUND") throw err;
      throw new SessError(SessErrorCode.UNKNOWN_PROVIDER, `the "${name}" provider needs ${pkg}: install it beside @sess/cli`, { source: "cli" });
    }
  }
  // Errors go to the command's result, never to a console.error of their own.
  return createManager({ ...target.options, onError: () => {} });
}
