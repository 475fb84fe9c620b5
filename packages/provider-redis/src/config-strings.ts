import { invalid, hostOf, portOf, type HostPort } from "./validate.js";

/** Connection settings shared by single server, Sentinel and Cluster targets. */
export interface ServerSettings {
  username?: string;
  password?: string;
  db?: number;
  tls?: Record<string, unknown>;
}

/** A config string after parsing. */
export interface ParsedString {
  settings: ServerSettings & Partial<HostPort>;
  poolSize: number | undefined;
}

/** Parses the seed's "host:port,poolSize,password[,db]" string (beego's redis provider format). */
export function parseSeedString(text: string): ParsedString {
  const parts = text.split(",");
  if (parts.length > 4) invalid('config string must be "host:port[,poolSize[,password[,db]]]" (passwords cannot contain commas here; use a URL or the options object)');
  const [address = "", pool = "", password = "", db = ""] = parts.map((p, i) => (i === 2 ? p : p.trim()));
  const m = /^(\[[^\]]+\]|[^:\s]+)(?::(\d+))?$/.exec(address);
  if (!m) invalid('config string must start with "host:port"');
  const settings: ServerSettings & Partial<HostPort> = {
    host: hostOf("address", m[1]!.replace(/^\[|\]$/g, "")),
    port: m[2] === undefined ? 6379 : portOf("address", Number(m[2])),
  };
  let poolSize: number | undefined;
  if (pool !== "") {
    if (!/^\d+$/.test(pool)) invalid("pool size (2nd field of the config string) must be a positive integer");
    poolSize = Number(pool);
  }
  if (password !== "") settings.password = password;
  if (db !== "") {
    if (!/^\d+$/.test(db) || Number(db) > 65535) invalid("db (4th field of the config string) must be an integer from 0 to 65535");
    settings.db = Number(db);
  }
  return { settings, poolSize };
}

/** Parses `redis://[user[:password]@]host[:port][/db]` and `rediss://` (TLS). */
export function parseRedisUrl(text: string): ParsedString {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    invalid("the redis URL could not be parsed"); // the URL may hold a password: not echoed
  }
  if (url.search !== "" || url.hash !== "") invalid("the redis URL takes no query or fragment; use the options object");
  const settings: ServerSettings & Partial<HostPort> = {
    host: hostOf("url", url.hostname.replace(/^\[|\]$/g, "")),
    port: url.port === "" ? 6379 : portOf("url", Number(url.port)),
  };
  if (url.username !== "") settings.username = decode(url.username);
  if (url.password !== "") settings.password = decode(url.password);
  const path = url.pathname.replace(/^\//, "");
  if (path !== "") {
    if (!/^\d+$/.test(path) || Number(path) > 65535) invalid("the redis URL path must be a database number (/0 to /65535)");
    settings.db = Number(path);
  }
  if (url.protocol.toLowerCase() === "rediss:") settings.tls = {};
  return { settings, poolSize: undefined };
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    invalid("the redis URL's user or password is not valid percent-encoding");
  }
}
