import { adapterMatrix } from "./providers.js";
import { honoEagerHarness } from "./harnesses/hono.js";

adapterMatrix(honoEagerHarness);
