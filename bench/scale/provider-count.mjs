// Each provider's count() with N records written straight through provider.write, many in flight.
import { scriptMain } from "../lib/load/child-run.mjs";
import { openManager } from "../servers/sess-manager.mjs";
import { timed, writeRecords } from "./records.mjs";

async function countFor({ name, providerConfig }, records, fillSeconds) {
  const manager = await openManager(name, providerConfig);
  try {
    const started = process.hrtime.bigint();
    const expiresAt = Date.now() + 3_600_000;
    // Slow stores get a bounded fill: the table says how many records they reached.
    const written = await writeRecords(manager.provider, records, () => expiresAt, name === "memory" ? 1 : 64, Date.now() + fillSeconds * 1000);
    const fillMs = Number(process.hrtime.bigint() - started) / 1e6;
    const result = await timed(() => manager.count(), 3);
    return { records: written, fillMs, countMs: result.ms, counted: result.value };
  } finally {
    await manager.close();
  }
}

await scriptMain(async ({ providers, records, fillSeconds }) => {
  const out = {};
  for (const p of providers) {
    try {
      out[p.name] = await countFor(p, records, fillSeconds);
    } catch (err) {
      out[p.name] = { error: String(err.message).split("\n")[0] };
    }
  }
  return out;
});
