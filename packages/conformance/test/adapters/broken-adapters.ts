import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { ResponseHeader } from "@sess/core";
import { RequestSessions, type SessionHandler } from "../../example/node-fetch-adapter.js";

/** The one thing each broken adapter gets wrong; everything else is the example adapter's. */
export type Flaw =
  /** On an error the session is still committed, but the 500 goes out without its cookie. */
  | "drops-cookie-on-error"
  /** The response is written first, and the sessions committed after it: their cookies never leave. */
  | "commits-after-response"
  /** A streamed body (no Content-Length) starts at once; the sessions are committed when it ends. */
  | "ignores-streaming";

/** The example adapter's listener with `flaw`, for proving the suite fails on it. */
export function brokenListener(flaw: Flaw) {
  return (handler: SessionHandler, onError: (error: unknown) => Response): RequestListener =>
    (req, res) =>
      void serve(req, res, handler, onError, flaw).catch(() => res.destroy());
}

async function serve(req: IncomingMessage, res: ServerResponse, handler: SessionHandler, onError: (error: unknown) => Response, flaw: Flaw): Promise<void> {
  const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, { method: req.method ?? "GET" });
  const sessions = new RequestSessions(req.headers.cookie);
  let response: Response;
  let failed = false;
  try {
    response = await handler(request, sessions);
  } catch (error) {
    response = onError(error);
    failed = true;
  }
  if (response.type === "error") {
    res.destroy();
    return;
  }
  const streamed = response.body !== null && !response.headers.has("content-length");
  const late = flaw === "commits-after-response" || (flaw === "ignores-streaming" && streamed);
  if (late) {
    await send(req, res, response, []);
    await sessions.commit();
    return;
  }
  const headers = await sessions.commit();
  await send(req, res, response, flaw === "drops-cookie-on-error" && failed ? [] : headers);
}

function send(req: IncomingMessage, res: ServerResponse, response: Response, headers: ResponseHeader[]): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  for (const [name, value] of headers) res.appendHeader(name, value);
  if (response.body === null || req.method === "HEAD") {
    res.end();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    Readable.fromWeb(response.body as NodeReadableStream).on("error", () => res.destroy()).pipe(res).on("close", () => resolve());
  });
}
