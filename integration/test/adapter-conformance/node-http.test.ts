import { adapterMatrix } from "./providers.js";
import { nodeHttpHarness } from "./harnesses/node-http.js";

adapterMatrix(nodeHttpHarness);
