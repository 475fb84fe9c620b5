import { fork } from "node:child_process";

/** Runs a bench script in a child process of its own (`execArgv`: Node flags such as --expose-gc) and resolves with the result it sends. */
export function runScript(file, input, { execArgv = [], timeoutMs = 600_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = fork(new URL(`../../${file}`, import.meta.url), [JSON.stringify(input)], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let result;
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("message", (message) => {
      if (message.type === "result") result = message.value;
      else if (message.type === "error") result = { error: message.message };
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (result !== undefined) resolve(result);
      else reject(new Error(`${file} exited with ${signal ?? code} and no result`));
    });
  });
}

/** In a script started by runScript: its input. */
export function scriptInput() {
  return JSON.parse(process.argv[2] ?? "{}");
}

/** In a script started by runScript: sends the result (or the error) and exits. */
export async function scriptMain(main) {
  try {
    const value = await main(scriptInput());
    process.send({ type: "result", value });
  } catch (err) {
    process.send({ type: "error", message: String(err?.stack ?? err) });
  }
  // Exit at once: a provider's timers or sockets must not keep a finished script alive.
  setTimeout(() => process.exit(0), 20);
}
