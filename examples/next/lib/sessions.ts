import { createManager, type Manager } from "@sess/core";

declare module "@sess/core" {
  interface SessionData {
    username: string;
    visits: number;
    views: number;
  }
}

// One manager per server process, on globalThis. Next.js evaluates this module once per bundle
// (the proxy is a bundle of its own, beside the app's), and a provider package registers its name
// when it is evaluated: a second evaluation throws DUPLICATE_PROVIDER. So the provider is imported
// inside the factory, by whichever bundle creates the manager first, and only once.
const globalSessions = globalThis as { sessExampleNext?: Promise<Manager> };

async function open(): Promise<Manager> {
  const { memoryProvider } = await import("@sess/provider-memory");
  // SESSION_SECRET signs the cookie; unset, a random one per process (sessions end on restart).
  return createManager({ provider: memoryProvider(), maxLifetime: 3600, secrets: [process.env.SESSION_SECRET ?? crypto.randomUUID() + crypto.randomUUID()] });
}

/** The app's session manager, shared by the proxy, Server Components, Server Actions and Route Handlers. */
export function sessions(): Promise<Manager> {
  globalSessions.sessExampleNext ??= open();
  return globalSessions.sessExampleNext;
}
