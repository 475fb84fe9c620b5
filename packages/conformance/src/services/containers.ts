import { serviceImage, type ServiceName } from "./service-names.js";

/** A service started for the length of a test run (a container or a private server process). */
export interface RunningService {
  readonly service: ServiceName;
  /** What runs it: the container image, or the server binary's path. */
  readonly image: string;
  /** The URL tests connect to (a user that may create databases). */
  readonly url: string;
  /** The temporary directory a private server keeps its data in (removed by stop()). */
  readonly dir?: string | undefined;
  /** Milliseconds from asking for it until it was ready. */
  readonly startMs: number;
  /** Stops it and removes what it left behind (container, data directory). */
  stop(): Promise<void>;
}

// Fixed and harmless: the container is private to this run and gone after it.
const ROOT_PASSWORD = "sess-test";
const DATABASE = "test";

/** Starts one service with Testcontainers, from `SESS_TEST_*_IMAGE` or the official image. */
export async function startContainer(service: ServiceName, env: NodeJS.ProcessEnv = process.env): Promise<RunningService> {
  const image = serviceImage(service, env);
  const started = Date.now();
  if (service === "redis") {
    const { RedisContainer } = await load(() => import("@testcontainers/redis"), "@testcontainers/redis");
    const container = await new RedisContainer(image).start();
    return running(service, image, loopback(container.getConnectionUrl()), started, () => container.stop());
  }
  if (service === "mysql") {
    const { MySqlContainer } = await load(() => import("@testcontainers/mysql"), "@testcontainers/mysql");
    const container = await new MySqlContainer(image).withDatabase(DATABASE).withRootPassword(ROOT_PASSWORD).start();
    return running(service, image, loopback(container.getConnectionUri(true)), started, () => container.stop());
  }
  const { PostgreSqlContainer } = await load(() => import("@testcontainers/postgresql"), "@testcontainers/postgresql");
  const container = await new PostgreSqlContainer(image)
    .withDatabase(DATABASE)
    .withUsername("postgres")
    .withPassword(ROOT_PASSWORD)
    .start();
  return running(service, image, loopback(container.getConnectionUri()), started, () => container.stop());
}

/** A RunningService whose stop() runs `stop` once. */
export function running(
  service: ServiceName,
  image: string,
  url: string,
  started: number,
  stop: () => Promise<unknown>,
  dir?: string,
): RunningService {
  return {
    service,
    image,
    url,
    dir,
    startMs: Date.now() - started,
    stop: async () => {
      await stop();
    },
  };
}

// The container modules are optional peers: a provider that needs no Docker installs none of them.
async function load<T>(importer: () => Promise<T>, name: string): Promise<T> {
  try {
    return await importer();
  } catch (error) {
    throw new Error(`${name} is not installed (it and testcontainers 11 are optional peers of @sess/conformance)`, {
      cause: error,
    });
  }
}

// "localhost" may resolve to ::1 first while Docker publishes the port on IPv4.
function loopback(url: string): string {
  const parsed = new URL(url);
  if (parsed.hostname === "localhost") parsed.hostname = "127.0.0.1";
  return parsed.toString();
}
