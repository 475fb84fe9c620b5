import type { ServerOptions } from "node:http";
import type { Manager, Session } from "@sess/core";

/** How a streamed body is produced: the framework's own way of each. */
export type StreamStyle =
  /** Chunks written one by one before the end (`res.write` … `res.end`, a Node Readable body). */
  | "write"
  /** Server-sent events: `text/event-stream`, one `data:` event per chunk (Hono's `streamSSE`). */
  | "sse"
  /** A web `ReadableStream` body. */
  | "web-stream";

/**
 * Things a framework may not be able to do. A harness declares each one: `true`, or a sentence
 * saying why it does not apply; scenarios that need a missing one are reported as skipped with
 * that sentence, never passed.
 */
export interface AdapterCapabilities {
  /** Streamed bodies of each style (`StreamStyle`). */
  "stream:write": true | string;
  "stream:sse": true | string;
  "stream:web-stream": true | string;
  /** Sending a file the framework's usual way (`res.sendFile`, a file stream body). */
  "send-file": true | string;
  /** Sending the headers before the body (`res.flushHeaders()`, Koa `ctx.flushHeaders()`). */
  "flush-headers": true | string;
  /** The handler takes over the raw response (Koa `ctx.respond = false`, Fastify `reply.hijack()`). */
  "take-over": true | string;
  /** A network error as the handler's answer (Fetch `Response.error()`). */
  "network-error": true | string;
}

/** One capability's name. */
export type AdapterCapability = keyof AdapterCapabilities;

/** Which of the app's two managers a handler means: "main" (cookie `sid`) or "second" (cookie `cart`). */
export type ManagerName = "main" | "second";

/** What a handler gets, whatever the framework. */
export interface HandlerContext {
  /** The request's query string. */
  readonly query: URLSearchParams;
  /**
   * The session of `which` manager (default "main"), the framework's usual way: `req.session`,
   * `ctx.session`, `c.get("session")`, `getSession(manager, request)`. Mount the second manager
   * under the name "second" (property, context key) next to the main one.
   */
  readonly session: (which?: ManagerName) => Promise<Session>;
  /**
   * The adapter's documented entry for the main manager's session inside a handler
   * (`manager.start(req, res)` where it takes Node objects): the same object as `session()`,
   * and after `destroy()` a fresh session that the adapter saves and sends a cookie for.
   */
  readonly start: () => Promise<Session>;
}

/** A handler's answer, which the harness turns into its framework's own response. */
export type Reply =
  /** A plain response with a text body. */
  | { kind: "text"; status: number; body: string }
  /** A redirect (`res.redirect`, `c.redirect`, `Response.redirect`). */
  | { kind: "redirect"; status: 302 | 303; location: string }
  /** Throw `error` from the handler, into the framework's usual error handling (which answers 500). */
  | { kind: "throw"; error: Error }
  /** A streamed body: call `between()` after the first chunk went out, before the others. */
  | { kind: "stream"; style: StreamStyle; chunks: readonly string[]; between?: (() => Promise<void>) | undefined }
  /** The file at `path`, sent the framework's usual way. */
  | { kind: "file"; path: string }
  /** Flush the headers first, then send `body`. */
  | { kind: "flush-headers"; body: string }
  /** Take over the raw Node response and write `body` to it directly. */
  | { kind: "take-over"; body: string }
  /** A 304 Not Modified with this ETag and no body. */
  | { kind: "not-modified"; etag: string }
  /** A network error (`Response.error()`). */
  | { kind: "network-error" };

/** One route of the suite's app. GET routes also answer HEAD, as every framework's do. */
export interface AppRoute {
  readonly method: "GET" | "POST";
  readonly path: string;
  /** Mount the main manager's session middleware a second time in front of this route (at route level). */
  readonly mountTwice?: boolean;
  /** The handler, framework-neutral. */
  handle(context: HandlerContext): Promise<Reply>;
}

/** What the suite hands a harness to start. */
export interface AdapterApp {
  /** The manager whose session `session()` returns by default (cookie `sid`). */
  readonly main: Manager;
  /** A second manager on the same request (cookie `cart`), mounted under the name "second". */
  readonly second: Manager;
  /** Every route, to define with the framework's router. */
  readonly routes: readonly AppRoute[];
  /** Options for the Node server the app listens on (a raised `maxHeaderSize`): pass them to `createServer`. */
  readonly serverOptions: ServerOptions;
  /** Call it from the framework's error handler with the error it answered (the suite checks where errors went). */
  errorHandled(error: unknown): void;
}

/** A started app: its base URL (`http://127.0.0.1:port`) and how to stop it. */
export interface RunningApp {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * What an adapter author writes to run the suite: how to start an app on their framework with
 * sess mounted for two managers, routes defined from framework-neutral handlers, and the
 * framework's usual error handling in place (errors answered with a 500).
 */
export interface AdapterHarness {
  /** The framework and adapter, for the report ("express 5"). */
  readonly name: string;
  /** What the framework can do; see `AdapterCapabilities`. */
  readonly capabilities: AdapterCapabilities;
  /** Store reads a route that never touches the session costs, with a valid cookie: 0 for an adapter that loads lazily, else 1. */
  readonly untouchedReads: 0 | 1;
  /**
   * The handler releases the session itself (node:http: `await session.release()`), rather than
   * an adapter saving it: a change made after the response is then followed by a release.
   */
  readonly handlerReleases?: boolean;
  /** Starts the app on a free loopback port. */
  start(app: AdapterApp): Promise<RunningApp>;
}
