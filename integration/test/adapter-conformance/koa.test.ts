import { koaKnownRed } from "./known-red.js";
import { adapterMatrix } from "./providers.js";
import { koaHarness } from "./harnesses/koa.js";

adapterMatrix(koaHarness, koaKnownRed);
