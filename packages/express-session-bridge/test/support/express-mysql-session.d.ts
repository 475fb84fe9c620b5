// express-mysql-session 3 ships no types: what the tests use of it.
declare module "express-mysql-session" {
  import type session from "express-session";
  interface MySQLStore extends session.Store {
    onReady(): Promise<void>;
    close(): Promise<void>;
  }
  type MySQLStoreClass = new (options: Record<string, unknown>) => MySQLStore;
  export default function MySQLStoreFactory(session: typeof import("express-session")): MySQLStoreClass;
}
