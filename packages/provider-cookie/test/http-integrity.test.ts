import { describe, expect, it } from "vitest";
import { cookieProvider } from "../src/index.js";
import { Jar, cookieOf, get, setCookieLine } from "./support/http.js";
import { rawKey, secret } from "./support/keys.js";
import { cookieServer } from "./support/servers.js";

const NAME = "gosessionid";

async function seeded(base: string): Promise<string> {
  const reply = await get(base, "/set?user=ada&role=admin");
  const value = cookieOf(reply, NAME);
  if (value === undefined) throw new Error("no cookie was set");
  // The untouched value opens: every "fresh session" below is the change's doing.
  expect((await get(base, "/", `${NAME}=${value}`)).body).toMatchObject({ isNew: false, data: { user: "ada", role: "admin" } });
  return value;
}

function expectFresh(reply: Awaited<ReturnType<typeof get>>, what: string): void {
  expect(reply.status, what).toBe(200);
  expect(reply.body.isNew, what).toBe(true);
  expect(reply.body.data, what).toEqual({});
  // A value this server did not issue is expired, never echoed back.
  expect(setCookieLine(reply, NAME), what).toMatch(/^gosessionid=; Max-Age=0;/);
}

describe("over node:http: values the server did not seal give a fresh session", () => {
  it("a sealed session round-trips, and a read-only request sends no cookie", async () => {
    const { url } = await cookieServer([rawKey()]);
    const jar = new Jar();
    const first = await jar.get(url, "/set?user=ada");
    expect(first.body).toMatchObject({ isNew: true, data: { user: "ada" } });
    expect(setCookieLine(first, NAME)).toMatch(/^gosessionid=v1\.[\w-]{8}\.[\w-]{16}\.[\w-]+; Max-Age=3600; Expires=.*; Path=\/; HttpOnly; SameSite=Lax$/);
    const read = await jar.get(url, "/");
    expect(read.body).toEqual({ id: first.body.id, isNew: false, data: { user: "ada" } });
    expect(read.setCookies).toEqual([]);
  });

  it("every character of the value replaced by another gives a fresh session", async () => {
    const { url } = await cookieServer([rawKey()]);
    const value = await seeded(url);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < value.length; i++) {
      const c = value[i]!;
      const other = c === "." ? "A" : alphabet[(alphabet.indexOf(c) + 17) % alphabet.length]!;
      expectFresh(await get(url, "/", `${NAME}=${value.slice(0, i) + other + value.slice(i + 1)}`), `position ${i}`);
    }
  });

  it("every byte of the nonce and ciphertext flipped gives a fresh session", async () => {
    const { url } = await cookieServer([rawKey()]);
    const value = await seeded(url);
    const [v, kid, nonce, body] = value.split(".") as [string, string, string, string];
    const bytes = Buffer.from(body, "base64url");
    const nonceBytes = Buffer.from(nonce, "base64url");
    for (let i = 0; i < nonceBytes.length + bytes.length; i++) {
      const n = Buffer.from(nonceBytes);
      const b = Buffer.from(bytes);
      if (i < n.length) n[i] = n[i]! ^ 0x01;
      else b[i - n.length] = b[i - n.length]! ^ 0x01;
      expectFresh(await get(url, "/", `${NAME}=${v}.${kid}.${n.toString("base64url")}.${b.toString("base64url")}`), `byte ${i}`);
    }
  });

  it("every truncation of the value gives a fresh session", async () => {
    const { url } = await cookieServer([rawKey()]);
    const value = await seeded(url);
    for (let n = 1; n < value.length; n++) expectFresh(await get(url, "/", `${NAME}=${value.slice(0, n)}`), `length ${n}`);
  });

  it("a cookie sealed by another app's key ring gives a fresh session, and so does one of the same keys under another context", async () => {
    const shared = secret();
    const other = await cookieServer([secret(), rawKey()]);
    const ours = await cookieServer({ keys: [rawKey(), shared], context: "app-a" });
    expectFresh(await get(ours.url, "/", `${NAME}=${await seeded(other.url)}`), "foreign ring");
    const sameKeys = await cookieServer({ keys: [shared], context: "app-b" });
    expectFresh(await get(ours.url, "/", `${NAME}=${await seeded(sameKeys.url)}`), "other context");
  });

  it("re-encoded values (padding, standard alphabet, percent-encoding) give a fresh session; quotes are cookie syntax", async () => {
    const { url } = await cookieServer([rawKey()]);
    let value = await seeded(url);
    while (value.length % 4 === 0 || !/[-_]/.test(value.split(".")[3]!)) value = await seeded(url);
    const body = value.split(".")[3]!;
    const head = value.slice(0, -body.length);
    for (const variant of [head + Buffer.from(body, "base64url").toString("base64"), `${value}=`, head + body.replaceAll("-", "+").replaceAll("_", "/"), value.replaceAll(".", "%2E"), value.replace(/^v1/, "%761")]) {
      expectFresh(await get(url, "/", `${NAME}=${variant}`), variant);
    }
    // Quotes around a cookie value are syntax (RFC 6265), removed before the value is read.
    expect((await get(url, "/", `${NAME}="${value}"`)).body.data).toEqual({ user: "ada", role: "admin" });
  });

  it("hostile cookie headers give a fresh session or no session, never an error", async () => {
    const { url } = await cookieServer([rawKey()]);
    const value = await seeded(url);
    const headers = [
      `${NAME}=`,
      `${NAME}=v1.`,
      `${NAME}=v1....`,
      `${NAME}=${"A".repeat(5000)}`,
      `${NAME}=v1.AAAAAAAA.AAAAAAAAAAAAAAAA.${"A".repeat(3000)}`,
      `${NAME}={"user":"ada"}`,
      `${NAME}=${value.replace("v1", "v2")}`,
      `${NAME}=${value}${value}`,
      `${NAME}=${value.split(".").reverse().join(".")}`,
      `${NAME}=%00%0d%0a`,
      `${NAME}=\u00e9\u00e9`,
    ];
    for (const header of headers) {
      const reply = await get(url, "/", header);
      expect({ status: reply.status, body: reply.body }, header.slice(0, 60)).toMatchObject({ status: 200 });
      expect(reply.body, header.slice(0, 60)).toMatchObject({ isNew: true, data: {} });
    }
  });

  it("a value sealed for one cookie name does not open as another when the context names the cookie", async () => {
    const key = rawKey();
    const a = await cookieServer({ keys: [key], context: "a" }, {}, "a");
    const b = await cookieServer({ keys: [key], context: "b" }, {}, "b");
    const fromA = cookieOf(await get(a.url, "/set?user=ada"), "a")!;
    expect((await get(b.url, "/", `b=${fromA}`)).body).toMatchObject({ isNew: true, data: {} });
    expect(cookieProvider({ keys: [key], context: "a", cookieName: "a" }).unseal(fromA)).not.toBeNull();
  });
});
