import { MySqlContainer } from "@testcontainers/mysql";
import { RedisContainer } from "@testcontainers/redis";
import { serviceImage, type ServiceName } from "./service-names.js";

/** A service running in a container for the length of a test run. */
export interface RunningService {
  readonly service: ServiceName;
  readonly image: string;
  /** The URL tests connect to (root credentials for MySQL, so tests can create databases). */
  readonly url: string;
  /** Milliseconds from asking Testcontainers to start it until it was ready. */
  readonly startMs: number;
  /** Stops and removes the container. */
  stop(): Promise<void>;
}

// Fixed and harmless: the container is private to this run and gone after it.
const ROOT_PASSWORD = "sess-test";
const DATABASE = "test";

/** Starts one service with Testcontainers, from `SESS_TEST_*_IMAGE` or the official image. */
export async function startService(service: ServiceName, env: NodeJS.ProcessEnv = process.env): Promise<RunningService> {
  const image = serviceImage(service, env);
  const started = Date.now();
  if (service === "redis") {
    const container = await new RedisContainer(image).start();
    const url = loopback(container.getConnectionUrl());
    return running(service, image, url, started, () => container.stop());
  }
  const container = await new MySqlContainer(image)
    .withDatabase(DATABASE)
    .withRootPassword(ROOT_PASSWORD)
    .start();
  const url = loopback(container.getConnectionUri(true));
  return running(service, image, url, started, () => container.stop());
}

function running(
  service: ServiceName,
  image: string,
  url: string,
  started: number,
  stop: () => Promise<unknown>,
): RunningService {
  return {
    service,
    image,
    url,
    startMs: Date.now() - started,
    stop: async () => {
      await stop();
    },
  };
}

// "localhost" may resolve to ::1 first while Docker publishes the port on IPv4.
function loopback(url: string): string {
  const parsed = new URL(url);
  if (parsed.hostname === "localhost") parsed.hostname = "127.0.0.1";
  return parsed.toString();
}
