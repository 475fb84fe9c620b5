// @sess/core/next against Next's own cookie stores (no browser needed): the mutable store a
// Route Handler or Server Action gets, and the sealed one a Server Component gets.
import { RequestCookies } from "next/dist/compiled/@edge-runtime/cookies/index.js";
import { MutableRequestCookiesAdapter, RequestCookiesAdapter } from "next/dist/server/web/spec-extension/adapters/request-cookies.js";
import { afterAll, expect, it } from "vitest";
import { createManager, isSessError, type Session } from "@sess/core";
import { getSession, readSession } from "@sess/core/next";
import { memoryProvider } from "@sess/provider-memory";

const sessions = await createManager({ provider: memoryProvider(), maxLifetime: 600, secrets: [crypto.randomUUID() + crypto.randomUUID()] });
afterAll(() => sessions.close());

/** A request's cookie store as Next gives it to a Route Handler, and the Set-Cookie lines it sends. */
function actionStore(cookie?: string) {
  const sent: string[] = [];
  const store = MutableRequestCookiesAdapter.wrap(new RequestCookies(new Headers(cookie === undefined ? {} : { cookie })), (lines) => sent.push(...lines));
  return { store, sent };
}

const renderStore = (cookie?: string) => RequestCookiesAdapter.seal(new RequestCookies(new Headers(cookie === undefined ? {} : { cookie })));

it("release() stores the change and sets the cookie through Next's store with core's attributes; a Server Component then reads it", async () => {
  const login = actionStore();
  const session = await getSession(sessions, login.store);
  session.set("username", "ann");
  expect(await session.release()).toBe(true);
  expect(login.sent).toHaveLength(1);
  const line = login.sent[0]!;
  expect(line).toMatch(/^sid=[\w-]{43}\.[\w-]{43}; Path=\/; Expires=.+ GMT; Max-Age=600; HttpOnly; SameSite=lax$/);
  const pair = line.split(";")[0]!;
  expect((await readSession(sessions, renderStore(pair))).get("username")).toBe("ann");

  const logout = actionStore(pair);
  const ending = await getSession(sessions, logout.store);
  await ending.destroy();
  expect(await ending.release()).toBe(false);
  expect(logout.sent[0]).toMatch(/^sid=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=lax$/);
  expect((await readSession(sessions, renderStore(pair))).get("username")).toBeUndefined();
});

it("a Server Component's session is read-only: every change throws HEADERS_SENT, nothing is stored", async () => {
  const session = (await readSession(sessions, renderStore())) as unknown as Session;
  const writes: [string, () => unknown][] = [
    ["set", () => session.set("username", "x")],
    ["delete", () => session.delete("username")],
    ["flush", () => session.flush()],
    ["flash", () => session.flash("note", "x")],
    ["flashes", () => session.flashes("note")],
    ["rememberMe", () => session.rememberMe(true)],
    ["regenerate", () => session.regenerate()],
    ["destroy", () => session.destroy()],
    ["release", () => session.release()],
  ];
  for (const [name, write] of writes) {
    let caught: unknown;
    try {
      await write();
    } catch (error) {
      caught = error;
    }
    expect(isSessError(caught, "HEADERS_SENT"), name).toBe(true);
    expect((caught as Error).message).toContain(`session.${name}() in a Server Component`);
  }
  expect(await sessions.count()).toBe(0);
});

it("getSession given a Server Component's read-only store fails release() with HEADERS_SENT naming readSession", async () => {
  const session = await getSession(sessions, renderStore());
  session.set("username", "bo");
  const failure = await session.release().then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(isSessError(failure, "HEADERS_SENT")).toBe(true);
  expect((failure as Error).message).toContain("use readSession in Server Components");
});

it("a forged cookie reads as no session, in a Server Component and in a Route Handler", async () => {
  const forged = "sid=" + "A".repeat(43) + "." + "B".repeat(43);
  expect((await readSession(sessions, renderStore(forged))).get("username")).toBeUndefined();
  const handler = actionStore(forged);
  const session = await getSession(sessions, handler.store);
  expect(session.get("username")).toBeUndefined();
  await session.release();
  // The value was not one this server issued: its cookie is expired.
  expect(handler.sent[0]).toMatch(/^sid=; .*Max-Age=0/);
});
