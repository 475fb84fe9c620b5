import { isSessError, type Manager, type Session } from "@sess/core";
import { commitSessions, getSession } from "@sess/core/fetch";
import { sessionMiddleware } from "@sess/core/hono";
import { Hono } from "hono";

/** What the app stores: who logged in, and a note written just before a redirect. */
export interface AppData {
  username?: string;
  note?: string;
}

/** The two managers of the app: the one under test, and one whose store always fails. */
export interface AppManagers {
  sessions: Manager<AppData>;
  failing: Manager<AppData>;
}

/** The runtime's name, printed in every page so a test knows who answered. */
export type RuntimeName = "bun" | "deno" | "workerd";

const text = (body: string, status = 200) => new Response(body, { status, headers: { "content-type": "text/plain" } });

// One set of handlers, so the Fetch and Hono routes differ only in the adapter.
async function login(request: Request, session: Session<AppData>): Promise<Response> {
  const username = new URLSearchParams(await request.text()).get("username") ?? "";
  if (username === "") return text("username required", 400);
  await session.regenerate();
  session.set("username", username);
  return Response.redirect(new URL("whoami", request.url), 303);
}

function whoami(runtime: RuntimeName, session: Session<AppData>): Response {
  return text(`${runtime} ${session.get("username") ?? "anonymous"}`);
}

async function logout(request: Request, session: Session<AppData>): Promise<Response> {
  await session.destroy();
  return Response.redirect(new URL("whoami", request.url), 303);
}

// A write then Response.redirect(): its headers are immutable, so the adapter must copy it.
function writeRedirect(request: Request, session: Session<AppData>): Response {
  session.set("note", new URL(request.url).searchParams.get("note") ?? "");
  return Response.redirect(new URL("note", request.url), 303);
}

function storeError(error: unknown): Response {
  if (isSessError(error, "STORE_UNAVAILABLE")) return text(`store unavailable: ${error.code}`, 503);
  console.error(error);
  return text("internal error", 500);
}

/** The routes under /fetch/ on the Fetch adapter (getSession + commitSessions). */
export function fetchRoutes(runtime: RuntimeName, managers: AppManagers): (request: Request) => Promise<Response> {
  const routes: Record<string, (request: Request, session: Session<AppData>) => Response | Promise<Response>> = {
    "POST /fetch/login": login,
    "GET /fetch/whoami": (_request, session) => whoami(runtime, session),
    "POST /fetch/logout": logout,
    "POST /fetch/write-redirect": writeRedirect,
    "GET /fetch/note": (_request, session) => text(session.get("note") ?? "no note"),
    "POST /fetch/fail": (_request, session) => {
      session.set("note", "never stored");
      return text("stored");
    },
  };
  return async (request) => {
    const path = new URL(request.url).pathname;
    const route = routes[`${request.method} ${path}`];
    if (route === undefined) return text("not found", 404);
    try {
      const manager = path === "/fetch/fail" ? managers.failing : managers.sessions;
      const response = await route(request, await getSession(manager, request));
      return await commitSessions(request, response);
    } catch (error) {
      return storeError(error);
    }
  };
}

type HonoEnv = { Variables: { session: Session<AppData>; failing: Session<AppData> } };

/** The same routes under /hono/ on the Hono adapter (sessionMiddleware, errors through app.onError). */
export function honoRoutes(runtime: RuntimeName, managers: AppManagers): Hono<HonoEnv> {
  const app = new Hono<HonoEnv>().basePath("/hono");
  app.onError((error) => storeError(error));
  app.use(sessionMiddleware(managers.sessions));
  app.use("/fail", sessionMiddleware(managers.failing, { key: "failing" }));
  app.post("/login", (c) => login(c.req.raw, c.get("session")));
  app.get("/whoami", (c) => whoami(runtime, c.get("session")));
  app.post("/logout", (c) => logout(c.req.raw, c.get("session")));
  app.post("/write-redirect", (c) => writeRedirect(c.req.raw, c.get("session")));
  app.get("/note", (c) => text(c.get("session").get("note") ?? "no note"));
  app.post("/fail", (c) => {
    c.get("failing").set("note", "never stored");
    return text("stored");
  });
  return app;
}

/** One handler for both adapters: /fetch/* and /hono/*. */
export function appHandler(runtime: RuntimeName, managers: AppManagers): (request: Request) => Promise<Response> {
  const viaFetch = fetchRoutes(runtime, managers);
  const viaHono = honoRoutes(runtime, managers);
  return async (request) => {
    if (new URL(request.url).pathname.startsWith("/hono/")) return viaHono.fetch(request);
    return viaFetch(request);
  };
}
