import { storeUnavailable, type Provider } from "@sess/core/provider";

// A store that is down: every call rejects with STORE_UNAVAILABLE, as a provider must
// when its backend is gone. Used where no real backend can be cut (memory, cookie, workerd).
function down(): Promise<never> {
  return Promise.reject(storeUnavailable("failing", new Error("backend unreachable")));
}

/** A provider whose every operation fails as a store that went away does. */
export function failingProvider(): Provider {
  return { name: "failing", read: down, write: down, touch: down, regenerate: down, destroy: down, count: down, close: async () => {} };
}
