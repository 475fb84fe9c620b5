import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe } from "vitest";
import type { Manager } from "@sess/core";
import { deleteKeysWithPrefix, redisUrl, uniquePrefix } from "@sess/conformance/services";
import { loginFlowTests } from "@sess/test-support/login-flow";
import { createApp } from "../src/app.js";
import { openSessions } from "../src/sessions.js";

// The same flow on the memory provider and on Redis (a key prefix of its own, removed afterwards).
const providers: [string, () => NodeJS.ProcessEnv][] = [
  ["memory", () => ({ SESS_PROVIDER: "memory" })],
  ["redis", () => ({ SESS_PROVIDER: "redis", SESS_PROVIDER_CONFIG: JSON.stringify({ url: redisUrl(), prefix }) })],
];
const prefix = uniquePrefix();

describe.each(providers)("the Fastify login app on %s", (name, env) => {
  let sessions: Manager;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    sessions = await openSessions(env());
    app = await createApp(sessions);
    base = await app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await app.close();
    await sessions.close();
    if (name === "redis") await deleteKeysWithPrefix(prefix, redisUrl());
  });

  loginFlowTests({ base: () => base, count: () => sessions.count() });
});
