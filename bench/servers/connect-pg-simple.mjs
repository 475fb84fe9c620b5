import connectPgSimple from "connect-pg-simple";
import { expressSessionServer, session } from "./express-session-app.mjs";

/** express-session with connect-pg-simple in a table of the run's own (its own pg pool, 10 connections like sess's). */
export async function start({ postgresUrl, table }) {
  const PgStore = connectPgSimple(session);
  const store = new PgStore({
    conObject: { connectionString: postgresUrl, max: 10 },
    tableName: table,
    createTableIfMissing: true,
    pruneSessionInterval: false, // like the other rows: no GC during the measured windows
    errorLog: () => {}, // reported by failed requests; the bench counts them
  });
  return { server: expressSessionServer(store), close: () => store.close() };
}
