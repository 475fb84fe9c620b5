// The `sess` command as a function, for tools that embed it; the bin is dist/bin.js.
export { main, USAGE } from "./main.js";
export { targetFromFile, targetFromUrl, type Target } from "./target.js";
export { estimateBits, secretProblem, MIN_SECRET_BITS } from "./secret-strength.js";
export type { Io } from "./output.js";
export type { CommandResult } from "./commands/result.js";
export type { Finding } from "./commands/check.js";
