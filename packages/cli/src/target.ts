import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type CreateManagerOptions, SessError, SessErrorCode } from "@sess/core";

/** What the command opens: the manager's options, and the secret parts of the URL that output must never show. */
export interface Target {
  options: CreateManagerOptions;
  /** Strings (a URL's password) to redact from anything printed. */
  secrets: string[];
  /** Where the target came from, safe to print ("redis://127.0.0.1:6379", "sess.config.json"). */
  label: string;
}

function usage(message: string): SessError {
  return new SessError(SessErrorCode.INVALID_CONFIG, message, { source: "cli" });
}

// The SQL stores are opened with createTable false: an operator's typo must not create a table.
const SCHEMES: Record<string, (url: string) => { provider: string; providerConfig: unknown }> = {
  "redis:": (url) => ({ provider: "redis", providerConfig: url }),
  "rediss:": (url) => ({ provider: "redis", providerConfig: url }),
  "mysql:": (url) => ({ provider: "mysql", providerConfig: { dsn: url, createTable: false } }),
  "mariadb:": (url) => ({ provider: "mysql", providerConfig: { dsn: url, createTable: false } }),
  "postgres:": (url) => ({ provider: "postgres", providerConfig: { url, createTable: false } }),
  "postgresql:": (url) => ({ provider: "postgres", providerConfig: { url, createTable: false } }),
  "file:": (url) => ({ provider: "file", providerConfig: directoryOf(url, "file:") }),
  "leveldb:": (url) => ({ provider: "leveldb", providerConfig: directoryOf(url, "leveldb:") }),
};

// file:/var/sessions, file:///var/sessions, file:./sessions (relative to the working directory).
function directoryOf(url: string, scheme: string): string {
  const rest = url.slice(scheme.length).replace(/^\/\/(?=\/)/, "");
  if (rest === "") throw usage(`${scheme} needs a directory, such as ${scheme}/var/lib/sessions`);
  return isAbsolute(rest) ? rest : resolve(rest);
}

/** The manager options for a provider URL (redis://, mysql://, postgres://, file:<dir>, leveldb:<dir>). */
export function targetFromUrl(url: string): Target {
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0].toLowerCase();
  const open = scheme === undefined ? undefined : SCHEMES[scheme];
  if (open === undefined) throw usage(`unsupported URL; use one of ${Object.keys(SCHEMES).join(", ")} (a directory needs file: or leveldb:)`);
  const secrets: string[] = [];
  let label = url;
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      secrets.push(parsed.password, decodeURIComponent(parsed.password));
      parsed.password = "***";
      label = parsed.toString();
    }
  } catch {
    // A file: or leveldb: path need not be a valid URL.
  }
  return { options: { ...open(url), maxLifetime: 3600 }, secrets, label };
}

/** The manager options in a config file: JSON, or a module whose default export is the object (it may read the environment). */
export async function targetFromFile(path: string): Promise<Target> {
  const full = resolve(path);
  let config: unknown;
  if (/\.(c|m)?js$/.test(full)) config = ((await import(pathToFileURL(full).href)) as { default?: unknown }).default;
  else config = JSON.parse(await readFile(full, "utf8"));
  if (typeof config !== "object" || config === null) throw usage(`${path} must hold an object: { "provider": "redis", "providerConfig": "...", "maxLifetime": 3600, ... }`);
  const record = { ...(config as Record<string, unknown>) };
  let base: Target | undefined;
  if (typeof record.url === "string") {
    base = targetFromUrl(record.url);
    delete record.url;
  }
  const options = { ...base?.options, maxLifetime: 3600, ...record } as CreateManagerOptions;
  if (typeof options.provider !== "string") throw usage(`${path} names no provider: give "url" or "provider"`);
  const secrets = [...(base?.secrets ?? []), ...(options.secrets ?? []), ...configSecrets(options.providerConfig)];
  return { options, secrets, label: path };
}

// A password in the provider's config (a URL's, or a field of its own) is never printed either.
function configSecrets(config: unknown): string[] {
  if (typeof config === "string") return passwordOf(config);
  if (typeof config !== "object" || config === null) return [];
  const { url, dsn, password } = config as { url?: unknown; dsn?: unknown; password?: unknown };
  return [...(typeof url === "string" ? passwordOf(url) : []), ...(typeof dsn === "string" ? passwordOf(dsn) : []), ...(typeof password === "string" ? [password] : [])];
}

function passwordOf(url: string): string[] {
  try {
    const { password } = new URL(url);
    return password ? [password, decodeURIComponent(password)] : [];
  } catch {
    return [];
  }
}
