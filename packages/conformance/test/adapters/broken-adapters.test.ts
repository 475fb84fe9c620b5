import { describe, expect, it } from "vitest";
import { adapterConformance, type AdapterHarness } from "@sess/conformance/adapters";
import { mapProvider } from "../../example/map-provider.js";
import { fetchStyleHarness, nodeFetchHarness } from "../../example/node-fetch-harness.js";
import { collect, type Collected, named } from "../support/collect.js";
import { brokenListener } from "./broken-adapters.js";

async function run(harness: AdapterHarness): Promise<Collected[]> {
  const after: (() => Promise<void>)[] = [];
  try {
    return await collect((fake) => adapterConformance(Object.assign(fake, { afterAll: (fn: () => Promise<void>) => void after.push(fn) }), harness, { createProvider: () => mapProvider() }));
  } finally {
    for (const fn of after) await fn();
  }
}

// Each fixture is the example adapter with one flaw. What the correct adapter fails (a core
// defect not fixed yet) is left out, so each list is exactly what the flaw itself breaks.
describe("adapterConformance on deliberately broken adapters", () => {
  let correct: Collected[];

  it("passes on the example adapter, which each broken fixture changes in one place", async () => {
    correct = await run(nodeFetchHarness);
    expect(named(correct, "failed")).toEqual([]);
    expect(named(correct, "passed").length).toBeGreaterThan(18);
  });

  async function failures(flaw: Parameters<typeof brokenListener>[0]): Promise<string[]> {
    const results = await run(fetchStyleHarness(`broken: ${flaw}`, brokenListener(flaw)));
    const known = new Set(named(correct, "failed"));
    return named(results, "failed").filter((name) => !known.has(name));
  }

  it("fails on an adapter that drops the cookie on errors", async () => {
    expect(await failures("drops-cookie-on-error")).toEqual([
      "an error thrown after a change on a new session: a 500, and the change stored with its cookie or not at all",
      "an error thrown after regenerate() + set() on a logged-in session: a 500, and the user stays logged in",
    ]);
  });

  it("fails on an adapter that commits after the response: every scenario whose change needs a new cookie", async () => {
    const failed = await failures("commits-after-response");
    expect(failed).toEqual(
      expect.arrayContaining([
        "a change on a new session is stored and its cookie reaches the client",
        "login: regenerate() + set() and a 303; the next request sees the user, the pre-login cookie does not",
        "a HEAD request that changes the session gets its cookie",
        "two managers on one request: both changes stored and both cookies sent",
      ]),
    );
    expect(failed.length).toBeGreaterThan(15);
  });

  it("fails on an adapter that ignores streaming", async () => {
    expect(await failures("ignores-streaming")).toEqual([
      "a streamed response (chunks written before the end (res.write, a Readable body)) after a change arrives whole, the change stored with its cookie",
      "a streamed response (server-sent events) after a change arrives whole, the change stored with its cookie",
      "a streamed response (a ReadableStream body) after a change arrives whole, the change stored with its cookie",
      "a file sent after a change (res.sendFile or the framework's way) arrives whole, the change stored with its cookie",
    ]);
  });
});
