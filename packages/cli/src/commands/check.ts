import { type CreateManagerOptions, type Manager, isSessError } from "@sess/core";
import type { Provider } from "@sess/core/provider";
import { openManager } from "../open.js";
import { describeError } from "../output.js";
import { secretProblem } from "../secret-strength.js";
import type { Target } from "../target.js";
import type { CommandResult } from "./result.js";

/** One finding: "problem" fails the check (exit code 1), "warning" is worth a look, "ok" passed. */
export interface Finding {
  check: "options" | "provider" | "schema" | "secrets" | "cookie";
  level: "ok" | "warning" | "problem";
  detail: string;
}

const SQL_PACKAGES: Record<string, string> = { mysql: "@sess/provider-mysql", postgres: "@sess/provider-postgres" };
// A storage key no session has: a point read that proves the store answers, at the cost of one lookup.
const PROBE_KEY = "0".repeat(64);

function secretFindings(options: CreateManagerOptions): Finding[] {
  const secrets = options.secrets ?? [];
  if (secrets.length === 0) {
    return [{ check: "secrets", level: "warning", detail: "no secrets: cookies are unsigned, so a forged cookie costs a store read before it is refused; set secrets" }];
  }
  const findings: Finding[] = [];
  secrets.forEach((secret, index) => {
    const problem = secretProblem(secret);
    findings.push(problem === undefined ? { check: "secrets", level: "ok", detail: `secret ${index + 1}: strong enough` } : { check: "secrets", level: "problem", detail: `secret ${index + 1}: ${problem}` });
  });
  if (new Set(secrets).size !== secrets.length) findings.push({ check: "secrets", level: "problem", detail: "the same secret is listed twice" });
  return findings;
}

function cookieFindings(manager: Manager): Finding[] {
  const { cookie, trustProxy, cookieName } = manager.options;
  const findings: Finding[] = [];
  if (cookie.secure === false) findings.push({ check: "cookie", level: "problem", detail: "secure: false sends the session cookie over plain HTTP" });
  else if (cookie.secure === "auto" && !trustProxy) {
    findings.push({ check: "cookie", level: "warning", detail: 'secure: "auto" without trustProxy: behind a TLS-terminating proxy every request looks like HTTP and the cookie goes out without Secure' });
  }
  if (!cookie.httpOnly) findings.push({ check: "cookie", level: "problem", detail: "httpOnly: false lets page scripts (and an XSS) read the session cookie" });
  if (cookie.sameSite === false || cookie.sameSite === "none") findings.push({ check: "cookie", level: "warning", detail: `sameSite ${String(cookie.sameSite)}: the cookie goes with cross-site requests; make sure every state change is CSRF-protected` });
  if (cookie.domain !== undefined) findings.push({ check: "cookie", level: "warning", detail: `domain ${cookie.domain}: every subdomain receives the session cookie` });
  if (findings.length === 0) findings.push({ check: "cookie", level: "ok", detail: `${cookieName}: Secure, HttpOnly, SameSite=${String(cookie.sameSite)}, host-only` });
  return findings;
}

async function schemaFinding(provider: string): Promise<Finding | undefined> {
  const pkg = SQL_PACKAGES[provider];
  if (pkg === undefined) return undefined;
  const { SCHEMA_VERSION } = (await import(pkg)) as { SCHEMA_VERSION: number };
  // The provider was opened with createTable false, which checks the table's version and columns.
  return { check: "schema", level: "ok", detail: `the table has schema version ${SCHEMA_VERSION}, this package's` };
}

/** `sess check`: the deployment's options, secrets, cookie attributes, store and schema; exit code 1 on any problem. */
export async function check(target: Target): Promise<CommandResult> {
  const findings = secretFindings(target.options);
  let manager: Manager | undefined;
  try {
    manager = await openManager(target);
  } catch (err) {
    const { code, message } = describeError(err);
    const source = isSessError(err) ? err.source : "core";
    const kind: Finding["check"] = source === "core" || source === "cli" ? "options" : /schema|table|column/i.test(message) ? "schema" : "provider";
    findings.push({ check: kind, level: "problem", detail: `${code}: ${message}` });
  }
  if (manager !== undefined) {
    try {
      const store = manager.provider as Provider;
      if (typeof store.read === "function") await store.read(PROBE_KEY);
      findings.push({ check: "provider", level: "ok", detail: `${manager.provider.name} answers` });
      const schema = await schemaFinding(manager.provider.name);
      if (schema) findings.push(schema);
    } catch (err) {
      const { code, message } = describeError(err);
      findings.push({ check: "provider", level: "problem", detail: `${code}: ${message}` });
    }
    findings.push(...cookieFindings(manager));
    await manager.close().catch(() => {});
  }
  const problems = findings.filter((f) => f.level === "problem").length;
  const text = findings.map((f) => `${f.level.padEnd(7)} ${f.check.padEnd(8)} ${f.detail}\n`).join("") + (problems === 0 ? "no problems\n" : `${problems} problem${problems === 1 ? "" : "s"}\n`);
  return { exitCode: problems === 0 ? 0 : 1, json: { ok: problems === 0, problems, findings }, text };
}
