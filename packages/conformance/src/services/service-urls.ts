import { inject } from "vitest";
import { providedKeys, type ProvidedErrorKey, type ProvidedUrlKey } from "./provided-context.js";
import { envUrl, SERVICES, type ServiceName } from "./service-names.js";

/** What is known about a service when a test asks for it. */
export interface ServiceSources {
  /** The `SESS_TEST_*_URL` value, when set. */
  readonly envUrl?: string | undefined;
  /** The URL the global setup provided, when it started a container. */
  readonly providedUrl?: string | undefined;
  /** Why the global setup could not start a container, when it tried. */
  readonly providedError?: string | undefined;
}

/** The URL of Redis for tests: `SESS_TEST_REDIS_URL`, else the container of the global setup. */
export function redisUrl(): string {
  return resolveServiceUrl("redis", currentSources("redis"));
}

/** The URL of MySQL for tests (may create databases): `SESS_TEST_MYSQL_URL`, else the container of the global setup. */
export function mysqlUrl(): string {
  return resolveServiceUrl("mysql", currentSources("mysql"));
}

/** The URL of PostgreSQL for tests (a superuser that may create databases): `SESS_TEST_POSTGRES_URL`, else the global setup's server. */
export function postgresUrl(): string {
  return resolveServiceUrl("postgres", currentSources("postgres"));
}

/** Picks the URL from the sources, or throws an Error naming both ways to provide the service. */
export function resolveServiceUrl(service: ServiceName, sources: ServiceSources): string {
  if (sources.envUrl !== undefined) return sources.envUrl;
  if (sources.providedUrl !== undefined) return sources.providedUrl;
  const info = SERVICES[service];
  const reason =
    sources.providedError !== undefined
      ? ` The global setup tried and failed: ${sources.providedError}`
      : ` The global setup @sess/conformance/global-setup did not start ${info.label} (not in the vitest config's globalSetup, or not asked for).`;
  throw new Error(
    `[sess] [conformance] no ${info.label} for the tests. Give it one of three ways: ` +
      `(1) set ${info.urlEnv} (for example ${info.exampleUrl}); ` +
      `(2) have a Docker engine, so Testcontainers starts ${info.imageEnv} (default ${info.defaultImage}); ` +
      `(3) install the server binaries (${info.binaries}) so a private server is started. ` +
      `(2) and (3) need globalSetup: ["@sess/conformance/global-setup"] in the vitest config.${reason}`,
  );
}

/** The sources of a service as this test worker sees them. */
export function currentSources(service: ServiceName): ServiceSources {
  const keys = providedKeys(service);
  return {
    envUrl: envUrl(service),
    providedUrl: safeInject(keys.url),
    providedError: safeInject(keys.error),
  };
}

function safeInject(key: ProvidedUrlKey | ProvidedErrorKey): string | undefined {
  try {
    const value: unknown = inject(key);
    return typeof value === "string" && value !== "" ? value : undefined;
  } catch {
    // inject throws outside a vitest worker; then only the environment counts.
    return undefined;
  }
}
