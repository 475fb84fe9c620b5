import { describe } from "vitest";
import { express5LazyHarness } from "./harnesses/express.js";
import { fastifyLazyHarness } from "./harnesses/fastify.js";
import { honoLazyHarness } from "./harnesses/hono.js";
import { koaLazyHarness } from "./harnesses/koa.js";
import { expressKnownRed, fastifyKnownRed, koaKnownRed } from "./known-red.js";
import { adapterMatrix } from "./providers.js";

// The lazy forms (`lazy: true`: the session loads when the handler asks) keep the same contract,
// and a route that never asks costs no store read (the harnesses declare 0).
describe("lazy", () => {
  adapterMatrix(express5LazyHarness, expressKnownRed, ["memory"]);
  adapterMatrix(fastifyLazyHarness, fastifyKnownRed, ["memory"]);
  adapterMatrix(honoLazyHarness, {}, ["memory"]);
  adapterMatrix(koaLazyHarness, koaKnownRed, ["memory"]);
});
