import { adapterMatrix } from "./providers.js";
import { koaHarness } from "./harnesses/koa.js";

adapterMatrix(koaHarness);
