import { describe, expect, it } from "vitest";
import { resolveServiceUrl, serviceImage } from "../../src/services/index.js";
import { selectionFromEnv } from "../../src/services/global-setup.js";

describe("resolveServiceUrl", () => {
  it("resolveServiceUrl(service) prefers the environment URL over the provided one", () => {
    expect(resolveServiceUrl("redis", { envUrl: "redis://env:1", providedUrl: "redis://container:2" })).toBe(
      "redis://env:1",
    );
  });

  it("resolveServiceUrl(service) takes the provided URL when the environment has none", () => {
    expect(resolveServiceUrl("mysql", { providedUrl: "mysql://root:pw@127.0.0.1:1/test" })).toBe(
      "mysql://root:pw@127.0.0.1:1/test",
    );
  });

  it("resolveServiceUrl(service) throws naming all three ways when none is there", () => {
    expect(() => resolveServiceUrl("redis", {})).toThrow(
      /SESS_TEST_REDIS_URL.*Docker engine.*redis-server.*@sess\/conformance\/global-setup/s,
    );
    expect(() => resolveServiceUrl("mysql", {})).toThrow(/SESS_TEST_MYSQL_URL.*Testcontainers.*mariadbd/s);
    expect(() => resolveServiceUrl("postgres", {})).toThrow(/SESS_TEST_POSTGRES_URL.*Testcontainers.*initdb/s);
  });

  it("resolveServiceUrl(service) passes on why the container did not start", () => {
    expect(() => resolveServiceUrl("mysql", { providedError: "no Docker here" })).toThrow(
      /SESS_TEST_MYSQL_URL.*failed: no Docker here/s,
    );
  });
});

describe("serviceImage", () => {
  it("serviceImage(service) defaults to the official images", () => {
    expect(serviceImage("redis", {})).toBe("redis:7");
    expect(serviceImage("mysql", {})).toBe("mysql:8");
    expect(serviceImage("postgres", {})).toBe("postgres:15");
  });

  it("serviceImage(service) takes SESS_TEST_*_IMAGE", () => {
    expect(serviceImage("redis", { SESS_TEST_REDIS_IMAGE: "sess-local/redis:7" })).toBe("sess-local/redis:7");
    expect(serviceImage("mysql", { SESS_TEST_MYSQL_IMAGE: "sess-local/mariadb:10.11" })).toBe(
      "sess-local/mariadb:10.11",
    );
  });
});

describe("selectionFromEnv", () => {
  it("selectionFromEnv() selects every service when SESS_TEST_SERVICES is unset", () => {
    expect(selectionFromEnv({})).toEqual({ redis: true, mysql: true, postgres: true });
  });

  it("selectionFromEnv() selects only the services SESS_TEST_SERVICES names", () => {
    expect(selectionFromEnv({ SESS_TEST_SERVICES: " Redis " })).toEqual({ redis: true });
    expect(selectionFromEnv({ SESS_TEST_SERVICES: "postgres,mysql" })).toEqual({ postgres: true, mysql: true });
  });

  it("selectionFromEnv() throws on an unknown service name", () => {
    expect(() => selectionFromEnv({ SESS_TEST_SERVICES: "redis,oracle" })).toThrow(/unknown service "oracle"/);
  });
});
