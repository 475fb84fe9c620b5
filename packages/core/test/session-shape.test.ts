import { describe, expect, it } from "vitest";
import { createManager } from "../src/index.js";
import { MapProvider } from "./support/map-provider.js";

describe("session objects", () => {
  it("assigning a property on a session (the express-session habit) throws instead of being lost", async () => {
    const manager = await createManager({ provider: new MapProvider(() => Date.now()), maxLifetime: 60 });
    const session = manager.create();
    expect(() => {
      (session as unknown as Record<string, unknown>).userId = "ann";
    }).toThrow(TypeError);
    expect(session.get("userId")).toBeUndefined();
    await manager.close();
  });
});
