import type { IncomingMessage, ServerResponse } from "node:http";
import { type BindingHost, type BoundSession, SessionBinding } from "./binding.js";
import { isSecureRequest } from "./request-info.js";


const HOOK = Symbol("sess.hook");

/** What the shared writeHead hook needs of one response: kept in one property, so a response gains two (this and writeHead). */
interface Hook {
  bindings: NodeBinding<BoundSession>[];
  writeHead: ServerResponse["writeHead"];
}

interface HookedResponse extends ServerResponse {
  [HOOK]?: Hook;
}

/**
 * A binding for Node's own request and response: the cookie is added when the
 * response headers are written (`writeHead`, which `write` and `end` call too),
 * the last moment it can be, so a handler may release before or after writing.
 */
export class NodeBinding<S extends BoundSession> extends SessionBinding<S> {
  readonly #res: ServerResponse;
  /** The manager's binding host: which manager this binding belongs to. */
  readonly owner: BindingHost<S>;
  /**
   * Set by an adapter that settles before the headers are written (Fastify's onSend): headers
   * written while it is still unsettled mean the adapter was bypassed (`reply.hijack()`), so the
   * session is settled when the response closes, its cookie having gone out with the headers.
   */
  settleAfterBypass = false;

  /** `secure`: the framework's own view of the request (Koa's `ctx.secure`, Fastify's `request.protocol`), when it has one. */
  constructor(host: BindingHost<S>, req: IncomingMessage, res: ServerResponse, secure?: boolean) {
    const headers = req.headers;
    super(host, {
      cookie: headers.cookie,
      secure: host.options.cookie.secure === "auto" && (secure ?? isSecureRequest(req, host.options.trustProxy)),
      header:
        host.options.idHeader === undefined
          ? undefined
          : (name) => {
              const value = headers[name];
              return typeof value === "string" ? value : undefined;
            },
    });
    this.#res = res;
    this.owner = host;
    hook(res, this);
  }

  protected override headersSent(): boolean {
    return this.#res.headersSent;
  }
}

/**
 * The binding of the manager behind `host` for this request, made on first use. It is
 * found through the response's hook, so a request and response gain no property for it
 * (Express's request and response objects make every added property costly).
 */
export function nodeBindingFor<S extends BoundSession>(host: BindingHost<S>, req: IncomingMessage, res: ServerResponse, secure?: boolean): NodeBinding<S> {
  const existing = (res as HookedResponse)[HOOK];
  if (existing !== undefined) {
    for (const binding of existing.bindings) if (binding.owner === (host as unknown)) return binding as unknown as NodeBinding<S>;
  }
  return new NodeBinding(host, req, res, secure);
}

// One shared function instead of a closure per response: the bindings and the
// writeHead it replaced live on the response under one symbol.
function hook(res: HookedResponse, binding: NodeBinding<BoundSession>): void {
  const existing = res[HOOK];
  if (existing !== undefined) {
    existing.bindings.push(binding);
    return;
  }
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the response as this in hookedWriteHead
  res[HOOK] = { bindings: [binding], writeHead: res.writeHead };
  res.writeHead = hookedWriteHead;
}

function hookedWriteHead(this: HookedResponse, ...args: unknown[]): ServerResponse {
  const state = this[HOOK]!;
  if (!this.headersSent) {
    let folded = false;
    for (const binding of state.bindings) {
      try {
        binding.beforeHeaders();
        const headers = binding.headers();
        // Node lets writeHead's header argument replace what setHeader stored, so an
        // application's own Set-Cookie there would silently drop the session cookie.
        // Folding those headers in first keeps both (only when a header is added: most
        // responses need none, and Fastify always passes its headers here).
        if (headers.length > 0 && !folded) {
          folded = true;
          if (foldHeaders(this, args[args.length - 1])) args = args.slice(0, -1);
        }
        for (const [name, value] of headers) {
          if (name === "set-cookie") appendSetCookie(this, value);
          else this.setHeader(name, value);
        }
      } catch (err) {
        binding.reportError(err);
      }
      if (binding.settleAfterBypass && !binding.settled) settleOnClose(this, binding);
    }
  }
  return (state.writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
}

function settleOnClose(res: ServerResponse, binding: NodeBinding<BoundSession>): void {
  res.once("close", () => {
    binding.settle().catch((err: unknown) => binding.reportError(err));
  });
}

/** Adds a Set-Cookie header, keeping any the application already set. */
function appendSetCookie(res: ServerResponse, value: string): void {
  const existing = res.getHeader("set-cookie");
  if (existing === undefined) res.setHeader("set-cookie", value);
  else res.setHeader("set-cookie", Array.isArray(existing) ? [...(existing), value] : [String(existing), value]);
}

/** Applies writeHead's header argument (an object, or a flat [name, value, …] list) the way Node would; false if it is not one. */
function foldHeaders(res: ServerResponse, headers: unknown): boolean {
  if (headers === null || typeof headers !== "object") return false;
  if (Array.isArray(headers)) {
    if (headers.length % 2 !== 0 || headers.some((item) => typeof item === "object")) return false;
    const list = headers as (string | number)[];
    for (let i = 0; i < list.length; i += 2) res.removeHeader(String(list[i]));
    for (let i = 0; i < list.length; i += 2) if (list[i]) res.appendHeader(String(list[i]), String(list[i + 1]));
    return true;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (name && value !== undefined) res.setHeader(name, value as string | number | readonly string[]);
  }
  return true;
}
