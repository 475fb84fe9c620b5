import { isSessError, type Session } from "@sess/core";
import "./session-data.js";

/** What a flow reads of a request. */
export interface FlowInput {
  query: URLSearchParams;
  form: URLSearchParams;
}

/** What a flow answers; each app turns it into its framework's response. */
export interface Reply {
  status: number;
  body: string;
  location?: string;
  /** A Set-Cookie of the app's own, set the framework's way beside the session's. */
  cookie?: string;
}

/**
 * The request's two sessions as getters, so an adapter that loads lazily (Fetch)
 * is asked only when a flow needs one, and eager ones hand back what they loaded.
 */
export interface Sessions {
  main(): Promise<Session>;
  cart(): Promise<Session>;
}

/** One route's behaviour, written once against the typed sessions. */
export type Flow = (sessions: Sessions, input: FlowInput) => Promise<Reply>;

const text = (body: string, status = 200): Reply => ({ status, body });
const redirect = (location: string): Reply => ({ status: 303, body: "", location });

/** The login app every adapter serves, by "METHOD /path". */
export const flows: Record<string, Flow> = {
  "GET /": async (s) => {
    const session = await s.main();
    const username = session.get("username");
    if (username === undefined) return text("please log in");
    const visits = (session.get("visits") ?? 0) + 1;
    session.set("visits", visits);
    return text(`hello, ${username} (visit ${visits})`);
  },
  "POST /login": async (s, { form }) => {
    const username = form.get("username") ?? "";
    if (!username || form.get("password") !== "secret") return text("bad login", 401);
    const session = await s.main();
    await session.regenerate();
    session.set("username", username);
    session.set("visits", 0);
    return redirect("/");
  },
  "POST /logout": async (s) => {
    await (await s.main()).destroy();
    return redirect("/");
  },
  // A change followed at once by a redirect to a page that reads it.
  "POST /rename": async (s, { query }) => {
    (await s.main()).set("username", query.get("to") ?? "");
    return redirect("/me");
  },
  "GET /me": async (s) => text((await s.main()).get("username") ?? "nobody"),
  // Sets a cookie of its own and changes the session: both Set-Cookie headers must go out.
  "POST /theme": async (s) => {
    (await s.main()).set("visits", 7);
    return { status: 200, body: "themed", cookie: "theme=dark; Path=/" };
  },
  // Never touches a session.
  "GET /health": async () => text("ok"),
  // Changes both sessions in one request: the main one (memory) and the cart (redis).
  "POST /both": async (s, { query }) => {
    const [main, cart] = [await s.main(), await s.cart()];
    main.set("visits", (main.get("visits") ?? 0) + 1);
    cart.set("items", [...(cart.get("items") ?? []), query.get("item") ?? "?"]);
    return text(JSON.stringify({ visits: main.get("visits"), cart: cart.get("items") }));
  },
  "GET /both": async (s) => {
    const [main, cart] = [await s.main(), await s.cart()];
    return text(JSON.stringify({ visits: main.get("visits") ?? 0, cart: cart.get("items") ?? [] }));
  },
};

/** The flow for a request, or a 404 flow. */
export function flowFor(method: string, path: string): Flow {
  return flows[`${method} ${path}`] ?? (async () => text("not found", 404));
}

/** The body every app's error handler answers with: the SessError code, or "error". */
export function errorBody(err: unknown): string {
  return isSessError(err) ? err.code : "error";
}
