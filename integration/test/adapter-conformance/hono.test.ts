import { adapterMatrix } from "./providers.js";
import { honoHarness } from "./harnesses/hono.js";

adapterMatrix(honoHarness);
