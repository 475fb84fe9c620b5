import createFileStore from "session-file-store";
import { expressSessionServer, session } from "./express-session-app.mjs";

/** express-session with session-file-store in a directory of the run's own. */
export async function start({ dir }) {
  const FileStore = createFileStore(session);
  const store = new FileStore({ path: dir, ttl: 3600, retries: 0, reapInterval: -1, logFn: () => {} });
  return { server: expressSessionServer(store), close: async () => {} };
}
