import { FaultProxy } from "@sess/conformance/faults";
import { createPostgresTestDatabase, deleteKeysWithPrefix, postgresUrl, redisUrl, uniquePrefix } from "@sess/conformance/services";
import type { AppConfig } from "../../app/managers.ts";

/** A store of this machine for one runtime row, reached through a proxy the test can cut. */
export interface TestStore {
  config: AppConfig;
  proxy: FaultProxy;
  cleanup(): Promise<void>;
}

/** A secret of its own for one run: 32 random bytes as base64url, what the cookie provider's key ring asks for. */
export function testSecret(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
}

// The runtime dials the proxy; the proxy dials the real server.
async function proxied(serviceUrl: string): Promise<{ proxy: FaultProxy; url: string }> {
  const target = new URL(serviceUrl);
  const proxy = new FaultProxy({ target: { host: target.hostname, port: Number(target.port) } });
  const address = await proxy.start();
  const url = new URL(serviceUrl);
  url.hostname = address.host;
  url.port = String(address.port);
  return { proxy, url: url.href };
}

/** Redis (SESS_TEST_REDIS_URL, else the global setup's server) under a key prefix of this run. */
export async function redisStore(): Promise<TestStore> {
  const server = redisUrl();
  const prefix = uniquePrefix();
  const { proxy, url } = await proxied(server);
  return {
    config: { SESS_RT_PROVIDER: "redis", SESS_RT_STORE_URL: url, SESS_RT_NAMESPACE: prefix, SESS_RT_SECRET: testSecret() },
    proxy,
    cleanup: async () => {
      await proxy.close();
      await deleteKeysWithPrefix(prefix, server);
    },
  };
}

/** PostgreSQL (SESS_TEST_POSTGRES_URL, else the global setup's server) in a database of this run. */
export async function postgresStore(): Promise<TestStore> {
  const database = await createPostgresTestDatabase(postgresUrl());
  const { proxy, url } = await proxied(database.url);
  return {
    config: { SESS_RT_PROVIDER: "postgres", SESS_RT_STORE_URL: url, SESS_RT_SECRET: testSecret() },
    proxy,
    cleanup: async () => {
      await proxy.close();
      await database.drop();
    },
  };
}
