import { createServer, type Server } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { createManager, type Manager, type ManagerOptions, type Session } from "@sess/core";
import { sessionMiddleware } from "@sess/core/express";
import { memoryProvider } from "@sess/provider-memory";
import express from "express";
import session from "express-session";
import { bridgeMiddleware, expressSessionBridge, type ExpressSessionBridge, type ExpressSessionBridgeOptions } from "../../src/index.js";

declare module "express-session" {
  interface SessionData {
    userId: string;
    profile: { name: string; admin: boolean };
    cart: number[];
    flash: Record<string, string[]>;
  }
}

export const LEGACY_SECRET = "the old express-session secret";
export const SESS_SECRET = "the new sess secret, 16+ characters";

/** What the old app stores at login: data and connect-flash style messages. */
export function legacyDataFor(user: string) {
  return {
    userId: user,
    profile: { name: `User ${user}`, admin: user.endsWith("0") },
    cart: [user.length, 2, 3],
    flash: { info: [`welcome ${user}`, "you have mail"], error: ["password expires soon"] },
  };
}

// With sess's Express types loaded too, req.session is typed as sess's: the old app's view of it.
type LegacyRequest = { session: session.Session & Partial<session.SessionData> };

// Which of the two `req.session` declarations wins depends on load order: each app names its own.
const sessOf = (req: unknown) => (req as { session: Session<Record<string, unknown>> }).session;

/** The app before the switch: express-session over `store`. */
export function legacyServer(store: session.Store, secret: string | string[] = LEGACY_SECRET, maxAge = 3_600_000): Server {
  const app = express();
  app.use(session({ store, secret, resave: false, saveUninitialized: false, cookie: { maxAge } }));
  app.post("/login/:user", (req, res, next) => {
    const legacy = req as unknown as LegacyRequest;
    legacy.session.regenerate((err: unknown) => {
      if (err) return next(err);
      Object.assign(legacy.session, legacyDataFor(req.params.user));
      res.json({ ok: true });
    });
  });
  app.get("/me", (req, res) => {
    const { session: s } = req as unknown as LegacyRequest;
    res.json({ userId: s.userId ?? null, profile: s.profile ?? null, cart: s.cart ?? null });
  });
  return createServer(app);
}

/** What the new app answers on /me: the data, the flashes (consumed) and the subject. */
export function describeSession(s: Session<Record<string, unknown>>) {
  return {
    userId: s.get("userId") ?? null,
    profile: s.get("profile") ?? null,
    cart: s.get("cart") ?? null,
    flash: { info: s.flashes("info"), error: s.flashes("error") },
    subject: s.subject ?? null,
    keys: s.keys().sort(),
  };
}

/** A sess manager on the memory provider, as the new app opens it. */
export function sessManager(options: ManagerOptions = {}): Promise<Manager<Record<string, unknown>>> {
  return createManager({ provider: memoryProvider(), cookieName: "sid", maxLifetime: 3600, secrets: [SESS_SECRET], ...options });
}

/** The app after the switch: sess on Express, the bridge in front of it. */
export async function sessServer(store: session.Store, options: Partial<ExpressSessionBridgeOptions> = {}, managerOptions: ManagerOptions = {}) {
  const manager = await sessManager(managerOptions);
  const bridge: ExpressSessionBridge = expressSessionBridge(manager, {
    store,
    secret: LEGACY_SECRET,
    subject: (legacy) => (typeof legacy.userId === "string" ? legacy.userId : undefined),
    ...options,
  });
  const app = express();
  app.use(bridgeMiddleware(bridge));
  app.use(sessionMiddleware(manager));
  app.get("/me", (req, res) => {
    res.json(describeSession(sessOf(req)));
  });
  // Sets one key after a pause, so parallel requests overlap.
  app.post("/set/:key", async (req, res) => {
    await delay(30);
    sessOf(req).set(req.params.key, true);
    res.json({ id: sessOf(req).id });
  });
  // A login on the very request that moves the session: the new id's cookie must win.
  app.post("/relogin", async (req, res) => {
    await sessOf(req).regenerate();
    res.json({ id: sessOf(req).id });
  });
  app.post("/logout", async (req, res) => {
    await sessOf(req).destroy();
    res.json({ ok: true });
  });
  app.use((err: Error & { code?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ code: err.code ?? null, message: err.message });
  });
  return { server: createServer(app), manager, bridge };
}
