import { honoKnownRed } from "./known-red.js";
import { adapterMatrix } from "./providers.js";
import { honoEagerHarness } from "./harnesses/hono.js";

adapterMatrix(honoEagerHarness, honoKnownRed);
