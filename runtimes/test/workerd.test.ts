import { runtimeMatrix } from "./support/matrix.ts";
import { startWorkerd } from "./support/workerd.ts";

// Memory and cookie only: a Worker cannot dial Redis or PostgreSQL over TCP with these clients.
runtimeMatrix("workerd", startWorkerd, { stores: false });
