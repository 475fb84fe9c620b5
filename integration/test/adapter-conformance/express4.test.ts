import { expressKnownRed } from "./known-red.js";
import { adapterMatrix } from "./providers.js";
import { express4Harness } from "./harnesses/express.js";

adapterMatrix(express4Harness, expressKnownRed);
