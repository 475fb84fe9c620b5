import { describe, expect, it } from "vitest";
import { createManager, SessErrorCode } from "../src/index.js";
import { type SealedSession, type SealingProvider } from "../src/provider.js";

// A sealer that is only base64 of JSON: enough to drive the Manager's sealed path, not a real seal.
function sealer(unseal: SealingProvider["unseal"]): SealingProvider {
  return { name: "test-sealer", kind: "sealed", unseal, seal: (s: SealedSession) => Buffer.from(JSON.stringify(s)).toString("base64url"), close: async () => {} };
}

describe("a sealing provider behind the Manager", () => {
  it("an unseal that throws (a buggy provider) gives a fresh session and tells onError, never a crash", async () => {
    const errors: unknown[] = [];
    const manager = await createManager({
      provider: sealer(() => {
        throw new Error("bug in unseal");
      }),
      maxLifetime: 60,
      onError: (e) => errors.push(e),
    });
    const binding = manager.bind({ cookie: "sid=whatever", secure: false });
    const session = await binding.session();
    expect(session.isNew).toBe(true);
    expect(errors).toHaveLength(1);
    expect(binding.headers()).toEqual([["set-cookie", expect.stringContaining("Max-Age=0")]]);
    await expect(manager.count()).rejects.toMatchObject({ code: SessErrorCode.UNSUPPORTED });
    await expect(manager.load(session.id)).rejects.toMatchObject({ code: SessErrorCode.UNSUPPORTED });
  });

  it("a session written at release travels in the next cookie and opens again", async () => {
    const manager = await createManager({
      provider: sealer((value) => ({ session: JSON.parse(Buffer.from(value, "base64url").toString()) as SealedSession, stale: false })),
      maxLifetime: 60,
    });
    const first = manager.bind({ cookie: undefined, secure: false });
    (await first.session()).set("user", "ann");
    const [[, cookie] = ["", ""]] = await first.commit();
    const value = cookie.split(";")[0]!.slice("sid=".length);
    const second = manager.bind({ cookie: `sid=${value}`, secure: false });
    expect((await second.session()).get("user")).toBe("ann");
    expect(await second.commit()).toEqual([]);
  });
});
