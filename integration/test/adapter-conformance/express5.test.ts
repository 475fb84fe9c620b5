import { expressKnownRed } from "./known-red.js";
import { adapterMatrix } from "./providers.js";
import { express5Harness } from "./harnesses/express.js";

adapterMatrix(express5Harness, expressKnownRed);
