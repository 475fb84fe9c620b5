import type { IncomingMessage, ServerResponse } from "node:http";
import { type Manager, type Session, isSessError } from "@sess/core";

/** Data the test apps keep: any JSON value under any key. */
export type Data = Record<string, unknown>;

/** What every test route answers: the session as the handler saw it after release. */
export function view(s: Session<Data>): Record<string, unknown> {
  return { id: s.id, isNew: s.isNew, data: Object.fromEntries(s.keys().map((k) => [k, s.get(k)])) };
}

/**
 * Applies one test route to a session: /set?k=v…, /big?bytes=n, /flash?msg=, /flashes,
 * /remember?on=0|1, /regenerate, /destroy, /flush; anything else only reads.
 */
export async function route(s: Session<Data>, url: URL): Promise<Record<string, unknown>> {
  switch (url.pathname) {
    case "/set":
      for (const [k, v] of url.searchParams) s.set(k, v);
      break;
    case "/big":
      s.set("big", "x".repeat(Number(url.searchParams.get("bytes"))));
      break;
    case "/flash":
      s.flash("msg", url.searchParams.get("msg"));
      break;
    case "/flashes":
      return { ...view(s), flashes: s.flashes("msg") };
    case "/remember":
      s.rememberMe(url.searchParams.get("on") === "1");
      break;
    case "/regenerate":
      await s.regenerate();
      break;
    case "/destroy":
      await s.destroy();
      return { destroyed: true };
  }
  return view(s);
}

/** A node:http handler over `manager.start(req, res)`: JSON of the session, or `{ code, message }` with status 500. */
export function nodeApp(manager: Manager<Data>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader("content-type", "application/json");
    try {
      const s = await manager.start(req, res);
      const body = await route(s, new URL(req.url!, "http://test"));
      await s.release();
      res.end(JSON.stringify(body));
    } catch (err) {
      res.statusCode = 500;
      res.end(JSON.stringify({ code: isSessError(err) ? err.code : "OTHER", message: err instanceof Error ? err.message : String(err) }));
    }
  };
}
