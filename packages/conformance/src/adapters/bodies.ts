import type { Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import type { Reply, RunningApp } from "./harness.js";

type StreamReply = Extract<Reply, { kind: "stream" }>;

/** The Content-Type a streamed reply goes out with. */
export function streamContentType(reply: StreamReply): string {
  return reply.style === "sse" ? "text/event-stream" : "text/plain; charset=utf-8";
}

/** One chunk as it goes on the wire: an event for server-sent events, else the text itself. */
export function wireChunk(reply: StreamReply, chunk: string): string {
  return reply.style === "sse" ? `data: ${chunk}\n\n` : chunk;
}

/** The reply's chunks, on the wire, with `between()` awaited before the second (the first is out by then). */
async function* chunksOf(reply: StreamReply): AsyncGenerator<string> {
  for (const [index, chunk] of reply.chunks.entries()) {
    if (index === 1 && reply.between) await reply.between();
    yield wireChunk(reply, chunk);
  }
}

/** The reply as a Node Readable (Koa's and Fastify's stream bodies). */
export function nodeBody(reply: StreamReply): Readable {
  return Readable.from(chunksOf(reply), { objectMode: false });
}

/** The reply as a web ReadableStream of bytes (Fetch and Hono bodies). */
export function webBody(reply: StreamReply): ReadableStream<Uint8Array> {
  const chunks = chunksOf(reply);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
}

/** Writes the reply to a Node response chunk by chunk (`res.write` before `res.end`), for node:http and Express. */
export async function writeChunks(res: ServerResponse, reply: StreamReply): Promise<void> {
  res.statusCode = 200;
  res.setHeader("content-type", streamContentType(reply));
  for await (const chunk of chunksOf(reply)) res.write(chunk);
  res.end();
}

/** Listens on a free loopback port; closing drops open connections first. */
export async function listen(server: Server): Promise<RunningApp> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The reply as a Fetch `Response`, for Fetch-style frameworks (Hono, a Request → Response
 * handler): throws the `throw` reply's error, and refuses what a Response cannot express
 * (flushing headers, taking over the raw response), which such a harness declares missing.
 */
export function toFetchResponse(reply: Reply, url: string): Response {
  switch (reply.kind) {
    case "text":
      return new Response(reply.body, {
        status: reply.status,
        headers: { "content-type": "text/plain; charset=utf-8", "content-length": String(Buffer.byteLength(reply.body)) },
      });
    case "redirect":
      return Response.redirect(new URL(reply.location, url), reply.status);
    case "throw":
      throw reply.error;
    case "stream":
      return new Response(webBody(reply), { headers: { "content-type": streamContentType(reply) } });
    case "file":
      return new Response(Readable.toWeb(createReadStream(reply.path)) as ReadableStream<Uint8Array>, { headers: { "content-type": "text/plain" } });
    case "not-modified":
      return new Response(null, { status: 304, headers: { etag: reply.etag } });
    case "network-error":
      return Response.error();
    default:
      throw new Error(`a Fetch Response cannot express a "${reply.kind}" reply: declare the capability missing`);
  }
}
