import { adapterMatrix } from "./providers.js";
import { fetchHarness } from "./harnesses/fetch.js";

adapterMatrix(fetchHarness);
