import createMemoryStore from "memorystore";
import { expressSessionServer, session } from "./express-session-app.mjs";

/** express-session with memorystore (an LRU-backed MemoryStore without the leak). */
export async function start() {
  const MemoryStore = createMemoryStore(session);
  const store = new MemoryStore({ checkPeriod: 3_600_000 });
  return { server: expressSessionServer(store), close: async () => store.stopInterval() };
}
