import { join } from "node:path";
import { running, type RunningService } from "../containers.js";
import { findBinary, postgresBinDirs, requireBinary } from "./binaries.js";
import { asRoot, commandAs, giveTo } from "./run-as.js";
import { freePort, makeTempDir, removeDir, runToEnd, startServer } from "./server-process.js";

// initdb and postgres refuse to run as root; as root they run as this system user.
const POSTGRES_USER = "postgres";

/**
 * Starts a private PostgreSQL: `initdb` (trust auth, superuser `postgres`) into a
 * temp directory, then `postgres` on a free loopback port with its socket there.
 * As root, both run as the `postgres` system user through `setpriv`.
 */
export async function startLocalPostgres(): Promise<RunningService> {
  const started = Date.now();
  const binDirs = await postgresBinDirs();
  const initdb = await requireBinary(["initdb"], binDirs);
  const postgres = (await findBinary(["postgres"], [join(initdb, "..")])) ?? (await requireBinary(["postgres"], binDirs));
  const user = asRoot() ? POSTGRES_USER : undefined;
  const dir = await makeTempDir("postgres");
  try {
    if (user !== undefined) await giveTo(dir, user);
    const data = join(dir, "data");
    await runToEnd(...commandAs(user, initdb, ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]));
    const port = await freePort();
    // prettier-ignore
    const [command, args] = commandAs(user, postgres, ["-D", data, "-p", String(port), "-h", "127.0.0.1",
      "-k", dir, "-c", "fsync=off", "-c", "full_page_writes=off"]);
    const server = await startServer({
      command,
      args,
      ready: /ready to accept connections/,
      // SIGINT is the fast shutdown: SIGTERM would wait for every client to leave.
      stopSignal: "SIGINT",
    });
    return running("postgres", postgres, `postgres://postgres@127.0.0.1:${port}/postgres`, started, async () => {
      await server.stop();
      await removeDir(dir);
    }, dir);
  } catch (error) {
    await removeDir(dir);
    throw error;
  }
}
