import { expressSessionServer, session } from "./express-session-app.mjs";

/** express-session with its built-in MemoryStore (the default store). */
export async function start() {
  return { server: expressSessionServer(new session.MemoryStore()), close: async () => {} };
}
