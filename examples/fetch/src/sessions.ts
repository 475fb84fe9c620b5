import { type Manager, newManager } from "@sess/core";
import "./session-data.js";

// Each entry imports one provider package, which registers itself on import.
const loaders: Record<string, () => Promise<unknown>> = {
  memory: () => import("@sess/provider-memory"),
  redis: () => import("@sess/provider-redis"),
};

/**
 * The session manager the environment asks for: SESS_PROVIDER (memory, the default,
 * or redis) with SESS_PROVIDER_CONFIG (a string such as "redis://127.0.0.1:6379", or a
 * JSON object such as {"url":"redis://127.0.0.1:6379","prefix":"app:"}), and SESS_SECRET.
 */
export async function openSessions(env: NodeJS.ProcessEnv = process.env): Promise<Manager> {
  const name = env.SESS_PROVIDER ?? "memory";
  const load = loaders[name];
  if (!load) throw new Error(`SESS_PROVIDER must be one of ${Object.keys(loaders).join(", ")}; got "${name}"`);
  await load();
  const raw = env.SESS_PROVIDER_CONFIG || undefined;
  const config: unknown = raw?.startsWith("{") ? JSON.parse(raw) : raw;
  return newManager(name, "sid", 3600, config, { secrets: env.SESS_SECRET ? [env.SESS_SECRET] : [] });
}
