/** The services the conformance helpers can provide to tests. */
export type ServiceName = "redis" | "mysql" | "postgres";

/** What each service is called in messages and where it is configured. */
export const SERVICES = {
  redis: {
    label: "Redis",
    urlEnv: "SESS_TEST_REDIS_URL",
    imageEnv: "SESS_TEST_REDIS_IMAGE",
    defaultImage: "redis:7",
    exampleUrl: "redis://127.0.0.1:6379",
    binaries: "redis-server",
  },
  mysql: {
    label: "MySQL",
    urlEnv: "SESS_TEST_MYSQL_URL",
    imageEnv: "SESS_TEST_MYSQL_IMAGE",
    defaultImage: "mysql:8",
    exampleUrl: "mysql://root@127.0.0.1:3306/test",
    binaries: "mariadbd or mysqld, and mariadb-install-db",
  },
  postgres: {
    label: "PostgreSQL",
    urlEnv: "SESS_TEST_POSTGRES_URL",
    imageEnv: "SESS_TEST_POSTGRES_IMAGE",
    defaultImage: "postgres:15",
    exampleUrl: "postgres://postgres@127.0.0.1:5432/test",
    binaries: "initdb and postgres, on PATH or under /usr/lib/postgresql/*/bin",
  },
} as const satisfies Record<ServiceName, ServiceInfo>;

/** Static facts about one service. */
export interface ServiceInfo {
  readonly label: string;
  readonly urlEnv: string;
  readonly imageEnv: string;
  readonly defaultImage: string;
  readonly exampleUrl: string;
  /** The binaries a private server process is started from. */
  readonly binaries: string;
}

/** Every service name, in a stable order. */
export const SERVICE_NAMES: readonly ServiceName[] = ["redis", "mysql", "postgres"];

/** The environment variable naming the services the default global setup starts. */
export const SERVICES_ENV = "SESS_TEST_SERVICES";

/** The image for a service: its `SESS_TEST_*_IMAGE` variable, else the official image. */
export function serviceImage(service: ServiceName, env: NodeJS.ProcessEnv = process.env): string {
  const info = SERVICES[service];
  const fromEnv = env[info.imageEnv];
  return fromEnv !== undefined && fromEnv !== "" ? fromEnv : info.defaultImage;
}

/** The URL a service's `SESS_TEST_*_URL` variable gives, or undefined when it is unset or empty. */
export function envUrl(service: ServiceName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[SERVICES[service].urlEnv];
  return value !== undefined && value !== "" ? value : undefined;
}
