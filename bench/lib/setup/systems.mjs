import { placeFor } from "./provider-configs.mjs";

// [framework, server module stem, peer id (its servers/ module), peer label] of the frameworks beyond node:http and Express.
const FRAMEWORKS = [
  ["fastify", "fastify", "fastify-session", "@fastify/session + its default store"],
  ["hono", "hono", "hono-sessions", "hono-sessions + MemoryStore"],
  ["koa", "koa", "koa-session", "koa-session + a Map external store"],
];

const NEEDS_SERVICE = new Set(["redis", "mysql", "postgres"]);

/**
 * Every system the HTTP bench runs, in report order. `needs` lists what must be
 * available ("redis", "mysql", "postgres", "manager", "provider:<name>"); `store` is what
 * cleanup removes afterwards.
 */
export function systems(ctx) {
  const list = [
    { id: "bare-http", label: "node:http, no session (ceiling)", kind: "baseline", framework: "node:http", backend: "none", module: "bare-http", needs: [] },
    { id: "express-bare", label: "express, no session", kind: "baseline", framework: "express", backend: "none", module: "express-bare", needs: [] },
    ...FRAMEWORKS.map(([framework, name]) => ({ id: `${name}-bare`, label: `${framework}, no session`, kind: "baseline", framework, backend: "none", module: `${name}-bare`, needs: [] })),
  ];
  const service = (backend) => (NEEDS_SERVICE.has(backend) ? [backend] : []);
  const sess = (provider) => {
    for (const [framework, suffix] of [["node:http", "http"], ["express", "express"]]) {
      const id = `sess-${provider}-${suffix}`;
      const place = placeFor(provider, id, ctx);
      list.push({
        id,
        label: `sess + ${provider} on ${framework}`,
        kind: "sess",
        framework,
        backend: provider,
        module: `sess-${suffix}`,
        config: { provider, providerConfig: place.providerConfig },
        store: place.store,
        needs: ["manager", `provider:${provider}`, ...service(provider)],
      });
    }
  };
  const peer = (id, label, backend) => {
    const place = placeFor(backend, id, ctx);
    const framework = id === "iron-session" ? "node:http" : "express";
    list.push({ id, label, kind: "peer", framework, backend, module: id, config: place.peerConfig, store: place.store, needs: service(backend) });
  };

  sess("memory");
  // Issue 27: the OpenTelemetry SDK registered alone, then with sess's telemetry option (spans and metrics), metrics only, and without an SDK.
  for (const [mode, what] of [["sdk", "OpenTelemetry SDK registered, sess telemetry off"], ["otel", "OpenTelemetry SDK + telemetry"], ["otel-metrics", "OpenTelemetry SDK + telemetry, metrics only"], ["otel-api", "telemetry on @opentelemetry/api without an SDK (no-op)"]]) {
    list.push({ id: `sess-memory-http-${mode}`, label: `sess + memory on node:http, ${what}`, kind: "sess", framework: "node:http", backend: "memory", module: "sess-http", config: { provider: "memory", telemetry: mode }, store: {}, needs: ["manager", "provider:memory"] });
  }
  peer("express-session-memory", "express-session + MemoryStore", "memory");
  peer("memorystore", "express-session + memorystore", "memory");
  // sess + memory through each framework's adapter, then that framework's usual session library (memory-backed too).
  for (const [framework, name, peerId, peerLabel] of FRAMEWORKS) {
    const id = `sess-memory-${name}`;
    list.push({ id, label: `sess + memory on ${framework}`, kind: "sess", framework, backend: "memory", module: `sess-${name}`, config: { provider: "memory" }, store: {}, needs: ["manager", "provider:memory"] });
    list.push({ id: peerId, label: peerLabel, kind: "peer", framework, backend: "memory", module: peerId, config: {}, store: {}, needs: [] });
  }
  sess("redis");
  // Issue 21: a route that never touches the session ("read" in these rows), under each middleware eager and lazy, on Redis.
  for (const framework of ["express", ...FRAMEWORKS.map(([name]) => name)]) {
    for (const lazy of [false, true]) {
      const id = `sess-redis-${framework}-${lazy ? "lazy" : "eager"}-untouched`;
      const place = placeFor("redis", id, ctx);
      list.push({ id, label: `sess + redis on ${framework}, ${lazy ? "lazy" : "eager"}; read = a route that never touches the session`, kind: "sess", framework, backend: "redis", module: "sess-untouched", config: { provider: "redis", providerConfig: place.providerConfig, framework, lazy }, store: place.store, needs: ["manager", "provider:redis", "redis"] });
    }
  }
  peer("connect-redis", "express-session + connect-redis", "redis");
  sess("mysql");
  peer("express-mysql-session", "express-session + express-mysql-session", "mysql");
  sess("postgres");
  peer("connect-pg-simple", "express-session + connect-pg-simple", "postgres");
  sess("file");
  peer("session-file-store", "express-session + session-file-store", "file");
  sess("leveldb");
  // sess + the cookie provider (the whole session sealed in the cookie), beside iron-session on the same framework.
  const cookie = placeFor("cookie", "sess-cookie-http", ctx);
  list.push({ id: "sess-cookie-http", label: "sess + cookie (sealed) on node:http", kind: "sess", framework: "node:http", backend: "cookie", module: "sess-http", config: { provider: "cookie", providerConfig: cookie.providerConfig }, store: cookie.store, needs: ["manager", "provider:cookie"] });
  peer("iron-session", "iron-session (sealed cookie)", "cookie");
  return list;
}
