import { running, type RunningService } from "../containers.js";
import { requireBinary } from "./binaries.js";
import { freePort, makeTempDir, removeDir, startServer } from "./server-process.js";

/** Starts a private redis-server on a free loopback port, without persistence, in a temp directory. */
export async function startLocalRedis(): Promise<RunningService> {
  const started = Date.now();
  const binary = await requireBinary(["redis-server"]);
  const dir = await makeTempDir("redis");
  try {
    const port = await freePort();
    const server = await startServer({
      command: binary,
      // prettier-ignore
      args: ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--dir", dir, "--daemonize", "no", "--logfile", "", "--unixsocket", ""],
      ready: /Ready to accept connections/,
    });
    return running("redis", binary, `redis://127.0.0.1:${port}`, started, async () => {
      await server.stop();
      await removeDir(dir);
    }, dir);
  } catch (error) {
    await removeDir(dir);
    throw error;
  }
}
