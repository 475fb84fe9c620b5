import { runtimeMatrix } from "./support/matrix.ts";
import { startDeno } from "./support/process.ts";

runtimeMatrix("deno", startDeno, { stores: true });
