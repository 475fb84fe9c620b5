import { createManager, type Manager } from "@sess/core";
import { memoryProvider } from "@sess/provider-memory";

declare module "@sess/core" {
  interface SessionData {
    username: string;
    visits: number;
  }
}

// One manager per server process. Next.js may load this module once per bundle layer
// (Server Components, Server Actions, Route Handlers), so the manager lives on globalThis:
// with the memory provider, two managers would be two stores.
const globalSessions = globalThis as { sessExampleNext?: Promise<Manager> };

/** The app's session manager; SESSION_SECRET signs the cookie (a random one per process when unset). */
export function sessions(): Promise<Manager> {
  globalSessions.sessExampleNext ??= createManager({
    provider: memoryProvider(),
    maxLifetime: 3600,
    secrets: [process.env.SESSION_SECRET ?? crypto.randomUUID() + crypto.randomUUID()],
  });
  return globalSessions.sessExampleNext;
}
