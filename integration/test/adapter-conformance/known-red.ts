import type { KnownRed } from "./providers.js";

// Scenarios still red, reported as skipped with the reason until the adapter is fixed (issue 21
// part B); each entry goes once its scenario is green. The names are the suite's own.
const LATE_IN_STREAM =
  "a change in the middle of a streamed response (server-sent events) (and, where the handler releases, a release) throws a typed SessError, or reaches the next request";
const TAKE_OVER =
  "the raw response taken over after a change (Koa ctx.respond = false, Fastify reply.hijack()): stored with its cookie, or a loud failure";

/** Express 4 and 5: with the cookie provider, a change after the headers went out is accepted and lost. */
export const expressKnownRed: KnownRed = {
  "cookie (sealed)": {
    [LATE_IN_STREAM]: "red (issue 21 defect 5): Express accepts set() mid-stream on a sealed session; the sealed cookie already left with the headers, so the change is lost silently",
  },
};

/** Fastify: reply.hijack() skips onSend, so the cookie goes out (writeHead) but the record is never stored. */
const hijack = "red (issue 21 item 11): after reply.hijack() Fastify skips onSend, where the plugin saves: the response carries a cookie for a record that was never stored";
export const fastifyKnownRed: KnownRed = {
  memory: { [TAKE_OVER]: hijack },
  redis: { [TAKE_OVER]: hijack },
};
