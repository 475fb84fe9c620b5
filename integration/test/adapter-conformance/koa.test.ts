import { koaKnownRed } from "./known-red.js";
import { adapterMatrix } from "./providers.js";
import { koaEagerHarness } from "./harnesses/koa.js";

adapterMatrix(koaEagerHarness, koaKnownRed);
