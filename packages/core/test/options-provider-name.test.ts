import { describe, expect, it } from "vitest";
import { SessErrorCode, newManager } from "../src/index.js";
import { register } from "../src/provider.js";
import { unregister } from "../src/testing.js";
import { MapProvider } from "./support/map-provider.js";

async function message(name: string): Promise<string> {
  const err: unknown = await newManager(name, "sid", 60).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toMatchObject({ code: SessErrorCode.UNKNOWN_PROVIDER });
  return (err as Error).message;
}

describe("an unknown provider name", () => {
  it('"reddis" suggests "redis" and its package', async () => {
    expect(await message("reddis")).toMatch(/unknown provider "reddis": did you mean "redis"\? \(then import "@sess\/provider-redis"\)/);
  });

  it('"Memory" and "postgresql" suggest the shipped names', async () => {
    expect(await message("Memory")).toContain('did you mean "memory"?');
    expect(await message("postgresql")).toContain('did you mean "postgres"?');
  });

  it("a typo of a registered third-party name suggests it, without an import hint", async () => {
    const name = `vault-${process.pid}`;
    register(name, () => new MapProvider());
    try {
      const msg = await message(`${name}x`);
      expect(msg).toContain(`did you mean "${name}"?;`);
      expect(msg).toContain(`registered: `);
    } finally {
      unregister(name);
    }
  });

  it("a right name that was not imported, or a name far from any, keeps the import hint", async () => {
    expect(await message("redis")).toMatch(/^\[sess\] \[core\] unknown provider "redis" \(forgotten import "@sess\/provider-redis"\?\)/);
    expect(await message("cassandra")).toContain('(forgotten import "@sess/provider-cassandra"?)');
  });
});
