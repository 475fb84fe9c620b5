// Type-level checks of SessionData declaration merging, compiled by `pnpm typecheck`
// in a program of their own (a declaration here would retype every other test).
import { createManager, type Session } from "../src/index.js";
import { MapProvider } from "../test/support/map-provider.js";

declare module "../src/index.js" {
  interface SessionData {
    userId: string;
    visits: number;
  }
}

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_proof?: T): void => undefined;

export async function typedByDefault(): Promise<void> {
  const manager = await createManager({ provider: new MapProvider(() => Date.now()), maxLifetime: 60 });
  const session = manager.create();
  session.set("visits", 1);
  assertType<Equal<ReturnType<typeof session.get<"visits">>, number | undefined>>();
  assertType<Equal<ReturnType<typeof session.get<"userId">>, string | undefined>>();
  // @ts-expect-error: not a declared key
  session.set("nope", 1);
  // @ts-expect-error: wrong value type
  session.set("visits", "one");
}

export async function explicitTypeWins(): Promise<void> {
  const manager = await createManager<{ cart: string[] }>({ provider: new MapProvider(() => Date.now()), maxLifetime: 60 });
  const session: Session<{ cart: string[] }> = manager.create();
  assertType<Equal<ReturnType<typeof session.get<"cart">>, string[] | undefined>>();
}
