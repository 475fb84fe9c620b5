import { connect } from "node:net";

/** A response read off a raw socket. */
export interface RawResponse {
  status: number;
  /** Header lines lower-cased by name; repeated headers keep every value. */
  headers: [string, string][];
  body: string;
}

/**
 * Sends `head` (request line and headers, without the blank line) as raw bytes,
 * for what fetch refuses to send: NUL, non-ASCII bytes in a Cookie header.
 */
export function rawRequest(port: number, head: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error("raw request timed out")));
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const [headText = "", ...rest] = text.split("\r\n\r\n");
      const [statusLine = "", ...lines] = headText.split("\r\n");
      const headers = lines.map((l): [string, string] => {
        const i = l.indexOf(":");
        return [l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim()];
      });
      const body = rest.join("\r\n\r\n");
      const chunked = headers.some(([k, v]) => k === "transfer-encoding" && v.toLowerCase() === "chunked");
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: chunked ? unchunk(body) : body });
    });
    socket.end(Buffer.concat([head, Buffer.from("\r\nConnection: close\r\n\r\n")]));
  });
}

/** A GET / with a Cookie header holding exactly these bytes after `name=`. */
export function rawCookieRequest(port: number, path: string, name: string, value: Buffer): Promise<RawResponse> {
  return rawRequest(
    port,
    Buffer.concat([Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${name}=`), value]),
  );
}

/** Decodes a chunked body (the node:http app does not set Content-Length). */
function unchunk(body: string): string {
  let out = "";
  let at = 0;
  for (;;) {
    const eol = body.indexOf("\r\n", at);
    if (eol < 0) return out;
    const size = parseInt(body.slice(at, eol), 16);
    if (!(size > 0)) return out;
    out += body.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}
