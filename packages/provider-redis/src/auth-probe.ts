import net from "node:net";
import tls from "node:tls";
import { SessError, SessErrorCode } from "@sess/core/provider";
import type { Redis } from "ioredis";

const SOURCE = "redis";

/** Where to probe and how: a server address, with TLS options when the provider uses TLS. */
export interface ProbeTarget {
  host: string;
  port: number;
  tls?: Record<string, unknown>;
}

/** The address a connected node talks to (Sentinel resolves it at connect time), else its configured one. */
export function probeTargetOf(node: Redis, tlsOptions: Record<string, unknown> | undefined): ProbeTarget {
  const stream = (node as unknown as { stream?: net.Socket }).stream;
  const host = stream?.remoteAddress ?? node.options.host ?? "127.0.0.1";
  const port = stream?.remotePort ?? node.options.port ?? 6379;
  return tlsOptions === undefined ? { host, port } : { host, port, tls: { servername: node.options.host, ...tlsOptions } };
}

/**
 * Rejects INVALID_CONFIG when the server answers a client that sent no credentials.
 *
 * ioredis authenticates with `HELLO 3 AUTH default <password>`, which Redis 6+ accepts
 * for a default user that has no password, whatever the password: a config naming a
 * password for an open server would connect without a word while the operator believes
 * Redis is protected. A PING on a fresh connection that never authenticates tells:
 * `+PONG` means anyone may connect. The password is never part of a message.
 */
export async function assertPasswordRequired(target: ProbeTarget, timeoutMs: number): Promise<void> {
  let reply: string;
  try {
    reply = await firstReplyLine(target, timeoutMs);
  } catch (err) {
    throw new SessError(
      SessErrorCode.STORE_UNAVAILABLE,
      `authentication check: could not ask ${target.host}:${target.port} whether it requires a password (${err instanceof Error ? err.message : String(err)})`,
      { source: SOURCE, cause: err },
    );
  }
  if (reply.startsWith("-")) return; // NOAUTH (or any refusal): the password is what lets us in.
  throw new SessError(
    SessErrorCode.INVALID_CONFIG,
    `authentication: a password is configured, but the Redis server at ${target.host}:${target.port} accepts connections without one ` +
      "(its default user has no password), so the password protects nothing. Set requirepass or an ACL password for the default user, " +
      "or remove the password from the config.",
    { source: SOURCE },
  );
}

/** Opens a connection, sends PING without authenticating, and resolves with the first reply line. */
function firstReplyLine(target: ProbeTarget, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = target.tls ? tls.connect({ host: target.host, port: target.port, ...target.tls }) : net.connect({ host: target.host, port: target.port });
    let received = "";
    const finish = (err: Error | undefined, line?: string): void => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(line ?? "");
    };
    const timer = setTimeout(() => finish(new Error(`no reply within ${timeoutMs} ms`)), timeoutMs);
    socket.once(target.tls ? "secureConnect" : "connect", () => socket.write("*1\r\n$4\r\nPING\r\n"));
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      const end = received.indexOf("\r\n");
      if (end !== -1) finish(undefined, received.slice(0, end));
    });
    socket.once("error", (err: Error) => finish(err));
    socket.once("close", () => finish(new Error("connection closed before a reply")));
  });
}
