import { createManager, type Manager } from "@sess/core";
import type { Provider, SealingProvider } from "@sess/core/provider";
import { cookieProvider } from "@sess/provider-cookie";
import { memoryProvider } from "@sess/provider-memory";
import { failingProvider } from "./failing-provider.ts";
import type { AppData, AppManagers } from "./routes.ts";

/** What the test driver passes to a runtime (environment variables, or Worker bindings). */
export interface AppConfig {
  /** memory | cookie | redis | postgres */
  SESS_RT_PROVIDER?: string;
  /** The store's URL (redis, postgres). */
  SESS_RT_STORE_URL?: string;
  /** The Redis key prefix or the Postgres table of this run. */
  SESS_RT_NAMESPACE?: string;
  /** The signing secret, and the cookie provider's key. */
  SESS_RT_SECRET?: string;
}

/** Opens a store provider the entry knows about (Redis and Postgres exist only on Bun and Deno). */
export type StoreOpener = (config: AppConfig) => Promise<Provider | SealingProvider>;

const MAX_LIFETIME = 600;

/** The app's managers for `config`; `stores` adds the providers this runtime can run beyond memory and cookie. */
export async function openManagers(config: AppConfig, stores: Record<string, StoreOpener> = {}): Promise<AppManagers> {
  const secret = config.SESS_RT_SECRET;
  if (secret === undefined || secret.length < 32) throw new Error("SESS_RT_SECRET must hold at least 32 characters");
  const name = config.SESS_RT_PROVIDER ?? "memory";
  const openers: Record<string, StoreOpener> = {
    memory: async () => memoryProvider(),
    cookie: async () => cookieProvider({ keys: [secret] }),
    ...stores,
  };
  const open = openers[name];
  if (open === undefined) throw new Error(`this runtime has no provider "${name}"`);
  const sessions: Manager<AppData> = await createManager<AppData>({ provider: await open(config), maxLifetime: MAX_LIFETIME, secrets: [secret] });
  const failing: Manager<AppData> = await createManager<AppData>({ provider: failingProvider(), cookieName: "failing", maxLifetime: MAX_LIFETIME, secrets: [secret] });
  return { sessions, failing };
}
