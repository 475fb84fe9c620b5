// Each provider's count() with N records written straight through provider.write, many in flight.
import { scriptMain } from "../lib/child-run.mjs";
import { openManager } from "../servers/sess-manager.mjs";
import { timed, writeRecords } from "./records.mjs";

async function countFor({ name, providerConfig }, records) {
  const manager = await openManager(name, providerConfig);
  try {
    const started = process.hrtime.bigint();
    const expiresAt = Date.now() + 3_600_000;
    await writeRecords(manager.provider, records, () => expiresAt, name === "memory" ? 1 : 64);
    const fillMs = Number(process.hrtime.bigint() - started) / 1e6;
    const result = await timed(() => manager.count(), 3);
    return { records, fillMs, countMs: result.ms, counted: result.value };
  } finally {
    await manager.close();
  }
}

await scriptMain(async ({ providers, records }) => {
  const out = {};
  for (const p of providers) {
    try {
      out[p.name] = await countFor(p, records);
    } catch (err) {
      out[p.name] = { error: String(err.message).split("\n")[0] };
    }
  }
  return out;
});
