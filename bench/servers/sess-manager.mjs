import { createManager } from "@sess/core";
import { LIFETIME, SECRET } from "./route.mjs";

/** A sess Manager on `provider` (its package imported here, as an app would), signed cookie "sid", 1 h idle lifetime. */
export async function openManager(provider, providerConfig, options = {}) {
  await import(`@sess/provider-${provider}`);
  return createManager({ provider, cookieName: "sid", maxLifetime: LIFETIME, providerConfig, secrets: [SECRET], secure: false, ...options });
}
