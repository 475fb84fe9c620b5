// The demo picks its provider from SESS_PROVIDER. Each entry imports one provider
// package, which registers itself on import, exactly as an application would.
const loaders: Record<string, () => Promise<unknown>> = {
  memory: () => import("@sess/provider-memory"),
  file: () => import("@sess/provider-file"),
  redis: () => import("@sess/provider-redis"),
  mysql: () => import("@sess/provider-mysql"),
  postgres: () => import("@sess/provider-postgres"),
  leveldb: () => import("@sess/provider-leveldb"),
};

/** Imports the provider package for `name`, or throws listing the choices. */
export async function importProvider(name: string): Promise<void> {
  const load = loaders[name];
  if (!load) throw new Error(`SESS_PROVIDER must be one of ${Object.keys(loaders).join(", ")}; got "${name}"`);
  await load();
}
