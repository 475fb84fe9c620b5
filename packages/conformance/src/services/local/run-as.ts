import { execFile } from "node:child_process";
import { chown } from "node:fs/promises";
import { promisify } from "node:util";

/** Whether this process runs as root (where PostgreSQL refuses to run and MariaDB needs --user). */
export function asRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/** The uid and gid of a system user, from `id`. */
export async function userIds(user: string): Promise<{ uid: number; gid: number }> {
  const run = promisify(execFile);
  const [uid, gid] = await Promise.all([run("id", ["-u", user]), run("id", ["-g", user])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * How to run a command as `user` when this process is root: `setpriv` execs in
 * place (so the child we signal is the server itself, unlike runuser/su which fork).
 */
export function commandAs(user: string | undefined, command: string, args: readonly string[]): [string, string[]] {
  if (user === undefined) return [command, [...args]];
  return ["setpriv", [`--reuid=${user}`, `--regid=${user}`, "--init-groups", "--", command, ...args]];
}

/** Gives a directory to a user, so a server running as them can write there. */
export async function giveTo(dir: string, user: string): Promise<void> {
  const { uid, gid } = await userIds(user);
  await chown(dir, uid, gid);
}
