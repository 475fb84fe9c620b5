import type { TestProject } from "vitest/node";
import { startContainer, type RunningService } from "./containers.js";
import { providedKeys } from "./provided-context.js";
import { envUrl, SERVICE_NAMES, SERVICES, SERVICES_ENV, type ServiceName } from "./service-names.js";

/** Which services a global setup should provide; a service left out is not started. */
export type ServiceSelection = Partial<Record<ServiceName, boolean>>;

/** The part of vitest's TestProject a global setup uses. */
export type ProvidingProject = Pick<TestProject, "provide">;

/** A vitest global setup function: starts services and returns their teardown. */
export type ServicesGlobalSetup = (project: ProvidingProject) => Promise<() => Promise<void>>;

/**
 * A vitest global setup that starts, with Testcontainers, each selected service
 * whose `SESS_TEST_*_URL` is unset, hands its URL to tests through provide/inject,
 * and stops the containers in teardown. A service that cannot start is reported
 * to tests (redisUrl()/mysqlUrl() throw with the reason) instead of failing the run,
 * so tests that do not need it still run.
 */
export function servicesGlobalSetup(selection: ServiceSelection): ServicesGlobalSetup {
  const wanted = SERVICE_NAMES.filter((service) => selection[service] === true);
  return async (project) => {
    const toStart = wanted.filter((service) => envUrl(service) === undefined);
    for (const service of wanted) {
      if (!toStart.includes(service)) log(`${SERVICES[service].label}: using ${SERVICES[service].urlEnv}`);
    }
    const results = await Promise.allSettled(toStart.map((service) => startContainer(service)));
    const running: RunningService[] = [];
    results.forEach((result, index) => {
      const service = toStart[index] as ServiceName;
      const keys = providedKeys(service);
      if (result.status === "fulfilled") {
        running.push(result.value);
        project.provide(keys.url, result.value.url);
        log(`${SERVICES[service].label}: started ${result.value.image} at ${result.value.url} in ${result.value.startMs} ms`);
      } else {
        const message = firstLine(result.reason);
        project.provide(keys.error, message);
        log(`${SERVICES[service].label}: could not start a container: ${message}`);
      }
    });
    return async () => {
      await Promise.all(running.map((service) => service.stop()));
      if (running.length > 0) log(`stopped ${running.map((service) => service.image).join(", ")}`);
    };
  };
}

/** The services `SESS_TEST_SERVICES` names (comma-separated), or all of them when it is unset. */
export function selectionFromEnv(env: NodeJS.ProcessEnv = process.env): ServiceSelection {
  const raw = env[SERVICES_ENV];
  if (raw === undefined || raw.trim() === "") return { redis: true, mysql: true, postgres: true };
  const selection: ServiceSelection = {};
  for (const part of raw.split(",").map((name) => name.trim().toLowerCase()).filter(Boolean)) {
    if (!isServiceName(part)) {
      throw new Error(
        `[sess] [conformance] ${SERVICES_ENV} names an unknown service "${part}" (expected ${SERVICE_NAMES.join(", ")})`,
      );
    }
    selection[part] = true;
  }
  return selection;
}

/** The default global setup: the services in `SESS_TEST_SERVICES`, or Redis and MySQL. */
export default function setup(project: ProvidingProject): Promise<() => Promise<void>> {
  return servicesGlobalSetup(selectionFromEnv())(project);
}

function isServiceName(name: string): name is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(name);
}

function firstLine(reason: unknown): string {
  const text = reason instanceof Error ? reason.message : String(reason);
  return text.split("\n")[0] ?? text;
}

function log(message: string): void {
  console.log(`[sess] [services] ${message}`);
}
