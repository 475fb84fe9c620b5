// node-fetch-harness.ts
/**
 * The adapter suite's harness for node-fetch-adapter.ts: how to start an app on it with two
 * managers, the suite's routes and an error handler that answers 500.
 */
import { createServer } from "node:http";
import { type AdapterHarness, listen, toFetchResponse } from "@sess/conformance/adapters";
import { type SessionHandler, nodeListener } from "./node-fetch-adapter.js";

const FETCH_ONLY = "a Fetch handler returns its whole Response; it cannot send headers before it or write to the raw response";

/** Builds the harness over any adapter with `nodeListener`'s shape (the broken fixtures reuse it). */
export function fetchStyleHarness(name: string, listener: typeof nodeListener): AdapterHarness {
  return {
    name,
    capabilities: {
      "stream:write": true,
      "stream:sse": true,
      "stream:web-stream": true,
      "send-file": true,
      "flush-headers": FETCH_ONLY,
      "take-over": FETCH_ONLY,
      "network-error": true,
    },
    // Sessions load on first use: a route that never asks costs the store nothing.
    untouchedReads: 0,
    async start(app) {
      const handler: SessionHandler = async (request, sessions) => {
        const url = new URL(request.url);
        const route = app.routes.find((r) => r.path === url.pathname && (r.method === request.method || (r.method === "GET" && request.method === "HEAD")));
        if (route === undefined) return new Response("not found", { status: 404 });
        const reply = await route.handle({
          query: url.searchParams,
          session: (which = "main") => sessions.get(which === "main" ? app.main : app.second),
          // One registry per request: asking again (a second mount) is the same session.
          start: () => sessions.get(app.main),
        });
        return toFetchResponse(reply, request.url);
      };
      const onError = (error: unknown) => {
        app.errorHandled(error);
        return new Response("internal error", { status: 500, headers: { "content-length": "14" } });
      };
      return listen(createServer(app.serverOptions, listener(handler, onError)));
    },
  };
}

/** The harness of the example adapter. */
export const nodeFetchHarness = fetchStyleHarness("node-fetch example adapter", nodeListener);
