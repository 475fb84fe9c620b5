import type { IncomingMessage, ServerResponse } from "node:http";

const MAX_FORM_BYTES = 4096;

/** Reads an urlencoded form body of at most 4 KiB. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new Error("form too large");
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

// A form post from another site carries its own Origin; refusing it blocks login CSRF.
/** Whether a request came from this site (no Origin header, or one naming this host). */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  // "null" (a sandboxed or privacy-sensitive context) and a malformed value are not this site.
  return URL.canParse(origin) && new URL(origin).host === req.headers.host;
}

/** Sends a 303 to `to`, so a form post is followed by a plain GET. */
export function redirect(res: ServerResponse, to: string): void {
  res.writeHead(303, { location: to }).end();
}
