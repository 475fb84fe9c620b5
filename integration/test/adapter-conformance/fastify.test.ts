import { fastifyKnownRed } from "./known-red.js";
import { adapterMatrix } from "./providers.js";
import { fastifyHarness } from "./harnesses/fastify.js";

adapterMatrix(fastifyHarness, fastifyKnownRed);
