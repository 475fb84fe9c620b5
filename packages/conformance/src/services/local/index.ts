import type { RunningService } from "../containers.js";
import type { ServiceName } from "../service-names.js";
import { startLocalMariadb } from "./mariadb.js";
import { startLocalPostgres } from "./postgres.js";
import { startLocalRedis } from "./redis.js";

/** Starts a private server process of a service from the binaries installed on this machine. */
export function startLocalServer(service: ServiceName): Promise<RunningService> {
  if (service === "redis") return startLocalRedis();
  if (service === "mysql") return startLocalMariadb();
  return startLocalPostgres();
}
