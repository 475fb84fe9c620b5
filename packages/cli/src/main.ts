import { parseArgs } from "node:util";
import type { Manager } from "@sess/core";
import { check } from "./commands/check.js";
import { count } from "./commands/count.js";
import { gc } from "./commands/gc.js";
import type { CommandResult } from "./commands/result.js";
import { listSessions, revokeAll, revokeOne } from "./commands/sessions.js";
import { openManager } from "./open.js";
import { type Io, describeError, processIo, redact } from "./output.js";
import { type Target, targetFromFile, targetFromUrl } from "./target.js";

/** The help text. */
export const USAGE = `usage: sess <command> (--url <url> | --config <file>) [--json]

commands:
  count                        live sessions in the store
  gc                           one garbage-collection pass, with a summary
  sessions list <subject>      a user's live sessions: handle and times (--meta adds what the app stored for the list)
  revoke <subject> [handle]    end one of a user's sessions (all of them without a handle)
  revoke-all <subject>         end every session of a user ("log out everywhere")
  check                        options, secret strength, cookie attributes, store reachable, schema version

  --url     redis://…, rediss://…, mysql://…, mariadb://…, postgres://…, file:<dir>, leveldb:<dir>
  --config  a JSON file, or a module whose default export is the object: createManager's options
            ({ "url": "redis://…" } or { "provider": "redis", "providerConfig": … }, "secrets", cookie options)
  --json    one JSON object on stdout, for scripts

exit codes: 0 done, 1 a problem (a failed check, an error, no session with that handle), 2 usage
Output never holds a session id, a storage key or session data.
`;

const EXIT_USAGE = 2;

async function runCommand(command: string, positionals: string[], target: Target, io: Io, flags: { json: boolean; meta: boolean }): Promise<CommandResult> {
  if (command === "check") return check(target);
  const manager: Manager = await openManager(target);
  try {
    const [first, second] = positionals;
    switch (command) {
      case "count":
        return await count(manager);
      case "gc":
        return await gc(manager, io, !flags.json);
      case "sessions":
        if (first !== "list" || second === undefined) return usageError("sessions list <subject>");
        return await listSessions(manager, second, flags.meta);
      case "revoke":
        if (first === undefined) return usageError("revoke <subject> [handle]");
        return second === undefined ? await revokeAll(manager, first) : await revokeOne(manager, first, second);
      case "revoke-all":
        if (first === undefined) return usageError("revoke-all <subject>");
        return await revokeAll(manager, first);
      default:
        return usageError(`unknown command "${command}"`);
    }
  } finally {
    await manager.close().catch(() => {});
  }
}

function usageError(what: string): CommandResult {
  return { exitCode: EXIT_USAGE, json: { error: { code: "USAGE", message: what } }, text: `${what}\n\n${USAGE}` };
}

/** Runs the command line `argv` (without node and the script); resolves the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { url: { type: "string" }, config: { type: "string" }, json: { type: "boolean", default: false }, meta: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
    });
  } catch (err) {
    io.err(`${describeError(err).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    (values.help ? io.out : io.err)(USAGE);
    return values.help ? 0 : EXIT_USAGE;
  }
  if ((values.url === undefined) === (values.config === undefined)) {
    io.err(`give exactly one of --url and --config\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  let secrets: string[] = [];
  try {
    const target = values.url !== undefined ? targetFromUrl(values.url) : await targetFromFile(values.config!);
    secrets = target.secrets;
    const result = await runCommand(command, rest, target, io, { json: values.json, meta: values.meta });
    const print = result.exitCode === EXIT_USAGE && !values.json ? io.err : io.out;
    print(redact(values.json ? `${JSON.stringify(result.json)}\n` : result.text, secrets));
    return result.exitCode;
  } catch (err) {
    const error = describeError(err);
    if (values.json) io.out(redact(`${JSON.stringify({ error })}\n`, secrets));
    else io.err(redact(`sess: ${error.code}: ${error.message}\n`, secrets));
    return 1;
  }
}
