import type { TestProject } from "vitest/node";
import { startContainer, type RunningService } from "./containers.js";
import { startLocalServer } from "./local/index.js";
import { providedKeys } from "./provided-context.js";
import { envUrl, SERVICE_NAMES, SERVICES, SERVICES_ENV, type ServiceName } from "./service-names.js";

/** Which services a global setup should provide; a service left out is not started. */
export type ServiceSelection = Partial<Record<ServiceName, boolean>>;

/** The part of vitest's TestProject a global setup uses. */
export type ProvidingProject = Pick<TestProject, "provide">;

/** A vitest global setup function: starts services and returns their teardown. */
export type ServicesGlobalSetup = (project: ProvidingProject) => Promise<() => Promise<void>>;

/** The ways a global setup may start a service, in the order it tries them. */
export interface StartStrategies {
  readonly container: (service: ServiceName) => Promise<RunningService>;
  readonly local: (service: ServiceName) => Promise<RunningService>;
}

const DEFAULT_STRATEGIES: StartStrategies = { container: startContainer, local: startLocalServer };

/**
 * A vitest global setup that gives each selected service whose `SESS_TEST_*_URL`
 * is unset a server of its own: a Testcontainers container, else a private
 * process started from the machine's binaries. It hands the URL to tests through
 * provide/inject and stops everything in teardown. A service that could not be
 * started is reported to tests (redisUrl() etc. throw with both reasons) instead
 * of failing the run, so tests that do not need it still run.
 */
export function servicesGlobalSetup(
  selection: ServiceSelection,
  strategies: StartStrategies = DEFAULT_STRATEGIES,
): ServicesGlobalSetup {
  const wanted = SERVICE_NAMES.filter((service) => selection[service] === true);
  return async (project) => {
    const toStart = wanted.filter((service) => envUrl(service) === undefined);
    for (const service of wanted) {
      if (!toStart.includes(service)) log(`${SERVICES[service].label}: using ${SERVICES[service].urlEnv}`);
    }
    const results = await Promise.allSettled(toStart.map((service) => startOne(service, strategies)));
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
        log(`${SERVICES[service].label}: could not start: ${message}`);
      }
    });
    return async () => {
      const stopped = await Promise.allSettled(running.map((service) => service.stop()));
      if (running.length > 0) log(`stopped ${running.map((service) => service.image).join(", ")}`);
      const failure = stopped.find((result) => result.status === "rejected");
      if (failure !== undefined) throw failure.reason;
    };
  };
}

/** Starts a service with a container, else as a private process; rejects naming why both failed. */
export async function startOne(service: ServiceName, strategies: StartStrategies = DEFAULT_STRATEGIES): Promise<RunningService> {
  let containerError: string;
  try {
    return await strategies.container(service);
  } catch (error) {
    containerError = firstLine(error);
  }
  try {
    return await strategies.local(service);
  } catch (error) {
    throw new Error(`container: ${containerError}; private server from local binaries: ${firstLine(error)}`, {
      cause: error,
    });
  }
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

/** The default global setup: the services in `SESS_TEST_SERVICES`, or all three. */
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
