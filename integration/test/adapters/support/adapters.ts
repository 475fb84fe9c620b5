import type { AppFactory } from "./harness.js";
import { express4App } from "./express4-app.js";
import { expressApp } from "./express-app.js";
import { fastifyApp } from "./fastify-app.js";
import { fetchApp } from "./fetch-app.js";
import { honoApp } from "./hono-app.js";
import { koaApp } from "./koa-app.js";
import { nodeApp } from "./node-app.js";

/** One adapter under test: its app, and how many store calls a route that never touches the session costs with a cookie. */
export interface AdapterCase {
  name: string;
  factory: AppFactory;
  /** Eager adapters load the session before the route runs (one read); the Fetch adapter loads only on getSession(). */
  untouchedReads: 0 | 1;
}

/** Every adapter, for `describe.each`. */
export const adapterCases: AdapterCase[] = [
  { name: "node:http", factory: nodeApp, untouchedReads: 0 },
  { name: "express 5", factory: expressApp, untouchedReads: 1 },
  { name: "express 4", factory: express4App, untouchedReads: 1 },
  { name: "fastify 5", factory: fastifyApp, untouchedReads: 1 },
  { name: "hono 4", factory: honoApp, untouchedReads: 1 },
  { name: "koa 3", factory: koaApp, untouchedReads: 1 },
  { name: "fetch (node:http converter)", factory: fetchApp, untouchedReads: 0 },
];
