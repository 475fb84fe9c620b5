import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { running, type RunningService } from "../containers.js";
import { requireBinary } from "./binaries.js";
import { asRoot } from "./run-as.js";
import { freePort, makeTempDir, removeDir, runToEnd, startServer } from "./server-process.js";

// Small redo logs: creating the default 96 MB ones is most of a cold start.
const SERVER_OPTIONS = ["--no-defaults", "--innodb-log-file-size=8M", "--skip-log-bin"];

/**
 * Starts a private MariaDB (or MySQL) server: a data directory made by
 * mariadb-install-db in a temp directory, a free loopback port, root without a
 * password, and a `test` database, as the other two ways provide.
 */
export async function startLocalMariadb(): Promise<RunningService> {
  const started = Date.now();
  const server = await requireBinary(["mariadbd", "mysqld"]);
  const installDb = await requireBinary(["mariadb-install-db", "mysql_install_db"]);
  const dir = await makeTempDir("mariadb");
  try {
    const data = join(dir, "data");
    // As root, mariadbd refuses to run unless told which user to be.
    const user = asRoot() ? ["--user=root"] : [];
    // prettier-ignore
    await runToEnd(installDb, [...SERVER_OPTIONS, `--datadir=${data}`, ...user,
      "--auth-root-authentication-method=normal", "--skip-test-db"]);
    const init = join(dir, "init.sql");
    await writeFile(init, "CREATE DATABASE IF NOT EXISTS test;\n");
    const port = await freePort();
    const child = await startServer({
      command: server,
      // prettier-ignore
      args: [...SERVER_OPTIONS, `--datadir=${data}`, ...user, `--port=${port}`, "--bind-address=127.0.0.1",
        `--socket=${join(dir, "mysqld.sock")}`, `--pid-file=${join(dir, "mysqld.pid")}`, `--init-file=${init}`],
      ready: /ready for connections/,
    });
    return running("mysql", server, `mysql://root@127.0.0.1:${port}/test`, started, async () => {
      await child.stop();
      await removeDir(dir);
    }, dir);
  } catch (error) {
    await removeDir(dir);
    throw error;
  }
}
