import { isSessError } from "@sess/core";

/** Where a command writes: stdout for results, stderr for progress and errors. */
export interface Io {
  out(this: void, text: string): void;
  err(this: void, text: string): void;
  /** Whether stderr is a terminal (progress is drawn only there). */
  readonly tty: boolean;
}

/** The process's own streams. */
export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  tty: process.stderr.isTTY === true,
};

/** Removes every secret string from `text`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 3) out = out.split(secret).join("***");
  return out;
}

/** What a failure says: its SessError code and message (already free of ids: providers never see them). */
export function describeError(error: unknown): { code: string; message: string } {
  if (isSessError(error)) return { code: error.code, message: error.message };
  return { code: "ERROR", message: error instanceof Error ? error.message : String(error) };
}

/** Formats epoch ms as an ISO time for tables. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
