import MySQLStoreFactory from "express-mysql-session";
import { expressSessionServer, session } from "./express-session-app.mjs";

/** express-session with express-mysql-session in a table of the run's own. */
export async function start({ mysqlUrl, table }) {
  const url = new URL(mysqlUrl);
  const MySQLStore = MySQLStoreFactory(session);
  const store = new MySQLStore({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1),
    createDatabaseTable: true,
    clearExpired: false,
    schema: { tableName: table },
  });
  await store.onReady();
  return { server: expressSessionServer(store), close: () => store.close() };
}
