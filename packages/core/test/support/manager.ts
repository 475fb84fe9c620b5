import { createManager, type Manager, type ManagerOptions, type SessionRecord } from "../../src/index.js";
import { MapProvider } from "./map-provider.js";

/** A manager over a fresh MapProvider, with a clock the test can move. */
export async function mapManager<D extends SessionRecord = SessionRecord>(
  options: ManagerOptions & { maxLifetime?: number } = {},
): Promise<{ manager: Manager<D>; provider: MapProvider; clock: { now: number } }> {
  const clock = { now: 1_700_000_000_000 };
  const now = () => clock.now;
  const provider = new MapProvider(now);
  const { maxLifetime = 3600, ...rest } = options;
  const manager = await createManager<D>({ provider, maxLifetime, now, onError: () => {}, ...rest });
  return { manager, provider, clock };
}
