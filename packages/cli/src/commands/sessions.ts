import type { Manager } from "@sess/core";
import { isoTime } from "../output.js";
import type { CommandResult } from "./result.js";

/** `sess sessions list <subject>`: the subject's live sessions by handle and times; never an id, a key or session data. */
export async function listSessions(manager: Manager, subject: string, withMeta: boolean): Promise<CommandResult> {
  const sessions = await manager.listSessions(subject);
  const rows = sessions.map((s) => ({
    handle: s.handle,
    createdAt: isoTime(s.createdAt),
    lastActive: isoTime(s.lastActive),
    expiresAt: isoTime(s.expiresAt),
    ...(withMeta ? { meta: s.meta } : {}),
  }));
  const lines = rows.map((r) => `${r.handle}  created ${r.createdAt}  active ${r.lastActive}  expires ${r.expiresAt}` + (withMeta ? `  ${JSON.stringify(r.meta)}` : ""));
  return { exitCode: 0, json: { sessions: rows }, text: `${rows.length} live sessions\n${lines.map((l) => `${l}\n`).join("")}` };
}

/** `sess revoke <subject> <handle>`: ends one session; exit code 1 when the subject has no live session with that handle. */
export async function revokeOne(manager: Manager, subject: string, handle: string): Promise<CommandResult> {
  const revoked = await manager.revokeSession(subject, handle);
  return { exitCode: revoked ? 0 : 1, json: { revoked: revoked ? 1 : 0 }, text: revoked ? "revoked 1 session\n" : "no live session of this subject has that handle\n" };
}

/** `sess revoke-all <subject>`: ends every session of the subject ("log out everywhere"). */
export async function revokeAll(manager: Manager, subject: string): Promise<CommandResult> {
  const revoked = await manager.revokeSessions(subject);
  return { exitCode: 0, json: { revoked }, text: `revoked ${revoked} sessions\n` };
}
