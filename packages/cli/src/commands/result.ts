/** What a command produced: its exit code, the object `--json` prints, and the lines people read. */
export interface CommandResult {
  exitCode: number;
  json: unknown;
  text: string;
}
