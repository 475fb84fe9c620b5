import type { Manager } from "@sess/core";
import type { CommandResult } from "./result.js";

/** `sess count`: the live sessions in the store. */
export async function count(manager: Manager): Promise<CommandResult> {
  const sessions = await manager.count();
  return { exitCode: 0, json: { sessions }, text: `${sessions} live sessions\n` };
}
