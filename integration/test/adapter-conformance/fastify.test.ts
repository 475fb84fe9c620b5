import { fastifyKnownRed } from "./known-red.js";
import { adapterMatrix } from "./providers.js";
import { fastifyEagerHarness } from "./harnesses/fastify.js";

adapterMatrix(fastifyEagerHarness, fastifyKnownRed);
