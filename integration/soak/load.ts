import { performance } from "node:perf_hooks";
import { ERROR_HEADER } from "./app.js";
import { sleep } from "./processes.js";

/** A request slower than this counts as hung, not as failed fast. */
export const HANG_MS = 10_000;

/** What the load saw: counts, failure codes and latencies, and when service came back. */
export class LoadStats {
  served = 0;
  failed = 0;
  readonly failures: Record<string, number> = {};
  maxFailedMs = 0;
  maxServedMs = 0;
  #markedAt: number | undefined;
  /** Milliseconds from `mark()` to the first request started after it that succeeded. */
  recoveredAfterMs: number | undefined;

  /** Notes the moment the store is back; `recoveredAfterMs` counts from here. */
  mark(): void {
    this.#markedAt = performance.now();
    this.recoveredAfterMs = undefined;
  }

  ok(startedAt: number, ms: number): void {
    this.served++;
    this.maxServedMs = Math.max(this.maxServedMs, ms);
    if (this.#markedAt !== undefined && this.recoveredAfterMs === undefined && startedAt >= this.#markedAt) {
      this.recoveredAfterMs = startedAt + ms - this.#markedAt;
    }
  }

  /** What the slowest failed request was, to say where a slow failure came from. */
  slowestFailure = "";

  fail(code: string, ms: number, detail = ""): void {
    this.failed++;
    this.failures[code] = (this.failures[code] ?? 0) + 1;
    if (ms > this.maxFailedMs) this.slowestFailure = `${code} after ${Math.round(ms)} ms ${detail}`;
    this.maxFailedMs = Math.max(this.maxFailedMs, ms);
  }
}

/** One simulated browser: its cookie and the highest counter value the server acknowledged. */
export interface Client {
  base: string;
  /** The adapter serving `base` (node, express). */
  adapter: string;
  cookie: string | undefined;
  acked: number;
}

function keepCookie(client: Client, res: Response): void {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    if (!pair?.startsWith("sid=")) continue;
    client.cookie = /max-age=0/i.test(line) ? undefined : pair;
  }
}

/** One request from `client`; a 200 acknowledges the counter value in the body. */
async function hit(client: Client, path: string, stats?: LoadStats): Promise<number | undefined> {
  const started = performance.now();
  try {
    const res = await fetch(client.base + path, { headers: client.cookie ? { cookie: client.cookie } : {}, signal: AbortSignal.timeout(HANG_MS) });
    const body = await res.text();
    const ms = performance.now() - started;
    if (res.status !== 200) {
      stats?.fail(res.headers.get(ERROR_HEADER) ?? `HTTP_${res.status}`, ms, `${client.adapter} ${path}`);
      return undefined;
    }
    keepCookie(client, res);
    stats?.ok(started, ms);
    return Number(body);
  } catch (err) {
    const why = err instanceof Error ? `${err.message} ${String((err.cause as Error | undefined)?.message ?? "")}` : String(err);
    stats?.fail(err instanceof Error && err.name === "TimeoutError" ? "HUNG" : "NETWORK", performance.now() - started, `${client.adapter} ${path}: ${why}`);
    return undefined;
  }
}

/** Runs `clients` in parallel loops until `until()` is true; each loop sends requests one after another. */
export async function drive(clients: Client[], stats: LoadStats, until: () => boolean): Promise<void> {
  await Promise.all(
    clients.map(async (client) => {
      while (!until()) {
        const n = await hit(client, "/hit", stats);
        if (n === undefined) await sleep(25); // a failing store is not hammered in a tight loop
        else client.acked = n;
      }
    }),
  );
}

/** Clients whose session no longer holds the last acknowledged counter (lost acknowledged writes). */
export async function lostSessions(clients: Client[]): Promise<number> {
  let lost = 0;
  for (const client of clients) {
    if (client.acked === 0) continue;
    const n = await hit({ ...client }, "/peek");
    if (n === undefined || n < client.acked) lost++;
  }
  return lost;
}
