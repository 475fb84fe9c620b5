import { runtimeMatrix } from "./support/matrix.ts";
import { startBun } from "./support/process.ts";

runtimeMatrix("bun", startBun, { stores: true });
