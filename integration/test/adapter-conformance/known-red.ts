import type { KnownRed } from "./providers.js";

// Scenarios still red: each runs and must fail as declared (a known-red scenario that passes fails,
// so its entry goes once it is fixed); SESS_ADAPTER_KNOWN_RED=run runs them as ordinary scenarios.
// The names are the suite's own. The suite's streamed-response writes are slow (250 ms), so a
// response that leaves before its write landed fails every time, not only under load.
const TAKE_OVER =
  "the raw response taken over after a change (Koa ctx.respond = false, Fastify reply.hijack()): stored with its cookie, or a loud failure";
const SEND_FILE = "a file sent after a change (res.sendFile or the framework's way) arrives whole, the change stored with its cookie";

const sendFile =
  "red: res.sendFile sets Content-Length, so the client has the whole response (cookie included) while the held res.end still waits for the store write; a request that follows at once finds no record";
/** Express 4 and 5 with a store: the file response completes before the write lands. */
export const expressKnownRed: KnownRed = {
  memory: { [SEND_FILE]: sendFile },
  redis: { [SEND_FILE]: sendFile },
};

const hijack =
  "red (issue 21 item 11): after reply.hijack() the plugin saves when the response closes, after its cookie went out: a request that follows at once finds no record";
/** Fastify with a store: reply.hijack() skips onSend, and the save comes after the response. */
export const fastifyKnownRed: KnownRed = {
  memory: { [TAKE_OVER]: hijack },
  redis: { [TAKE_OVER]: hijack },
};

const respondFalse =
  "red: with ctx.respond = false the handler ends ctx.res itself, the cookie goes out in writeHead and the middleware saves after next(): a request that follows at once finds no record";
/** Koa with a store: the raw response ends before the middleware's save. */
export const koaKnownRed: KnownRed = {
  memory: { [TAKE_OVER]: respondFalse },
  redis: { [TAKE_OVER]: respondFalse },
};
