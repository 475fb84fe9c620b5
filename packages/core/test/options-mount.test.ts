import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { SessErrorCode, createManager, type Manager } from "../src/index.js";
import { sessionMiddleware as expressSession } from "../src/http/express.js";
import { sessionPlugin } from "../src/http/fastify.js";
import { withSession } from "../src/http/fetch.js";
import { sessionMiddleware as honoSession } from "../src/http/hono.js";
import { sessionMiddleware as koaSession } from "../src/http/koa.js";
import { MapProvider } from "./support/map-provider.js";

// `newManager(...)` without `await`: what a mount receives in JavaScript (TypeScript refuses it).
function forgotAwait(): Manager {
  return createManager({ provider: new MapProvider(), maxLifetime: 60 }) as unknown as Manager;
}

const FORGOT = /was given a Promise, not a Manager: did you forget await\? \(const sessions = await newManager\(\.\.\.\)\)/;

describe("a manager passed as a Promise is refused when the adapter is mounted", () => {
  it.each([
    ["express", (m: Manager) => expressSession(m), /^\[sess\] \[core\] sessionMiddleware \(@sess\/core\/express\) was given a Promise/],
    ["koa", (m: Manager) => koaSession(m), /sessionMiddleware \(@sess\/core\/koa\)/],
    ["hono", (m: Manager) => honoSession(m), /sessionMiddleware \(@sess\/core\/hono\)/],
    ["fetch withSession", (m: Manager) => withSession(m, () => new Response("")), /withSession \(@sess\/core\/fetch\)/],
  ] as const)("%s: INVALID_CONFIG, did you forget await?", async (_name, mount, where) => {
    const pending = forgotAwait();
    let caught: unknown;
    try {
      mount(pending);
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: SessErrorCode.INVALID_CONFIG, message: expect.stringMatching(FORGOT) as unknown });
    expect((caught as Error).message).toMatch(where);
    await (pending as unknown as Promise<Manager>).then((m) => m.close());
  });

  it("fastify: register rejects INVALID_CONFIG, did you forget await?", async () => {
    const pending = forgotAwait();
    const app = Fastify();
    await expect(app.register(sessionPlugin, { manager: pending }).ready()).rejects.toMatchObject({
      code: SessErrorCode.INVALID_CONFIG,
      message: expect.stringMatching(/sessionPlugin \(@sess\/core\/fastify\) was given a Promise, not a Manager: did you forget await\?/) as unknown,
    });
    await app.close();
    await (pending as unknown as Promise<Manager>).then((m) => m.close());
  });

  it("something else entirely is named by its type", () => {
    expect(() => expressSession(undefined as unknown as Manager)).toThrow(/needs a Manager \(from await newManager\(\.\.\.\) or await createManager\(\.\.\.\)\), got undefined/);
  });
});
