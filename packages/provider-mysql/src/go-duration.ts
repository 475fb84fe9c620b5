/** Milliseconds in one of each unit Go's `time.ParseDuration` accepts. */
const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  "µs": 1e-3,
  "μs": 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * Parses a Go duration ("5s", "1m30s", "250ms", "1.5h", "0") into milliseconds,
 * the way go-sql-driver/mysql reads `timeout`, `readTimeout` and `writeTimeout`.
 * Returns undefined for anything Go would refuse, and for negative durations.
 */
export function parseGoDuration(text: string): number | undefined {
  if (text === "0" || text === "+0") return 0;
  let rest = text.startsWith("+") ? 1 : 0;
  if (text.startsWith("-") || rest >= text.length) return undefined;
  let total = 0;
  while (rest < text.length) {
    PART.lastIndex = rest;
    const match = PART.exec(text);
    if (!match) return undefined;
    total += Number(match[1]) * (UNIT_MS[match[2]!] ?? Number.NaN);
    rest = PART.lastIndex;
  }
  return Number.isFinite(total) ? total : undefined;
}
