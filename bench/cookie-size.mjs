// The cookie each sealed-session system sends for the bench payload: sess + the cookie
// provider and iron-session, the same data and secret. `node bench/cookie-size.mjs`
import { newSessionId } from "@sess/core/provider";
import { cookieProvider } from "@sess/provider-cookie";
import { sealData } from "iron-session";
import { PAYLOAD_BYTES, seedData } from "./lib/setup/payload.mjs";
import { LIFETIME, SECRET } from "./servers/route.mjs";

const data = { ...seedData(0), n: 0 };
const now = Date.now();
// The Manager hands the provider each value JSON-encoded, keyed by name.
const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, JSON.stringify(v)]));
const sess = cookieProvider({ keys: [SECRET] }).seal({ id: newSessionId(), data: encoded, createdAt: now, expiresAt: now + LIFETIME * 1000 });
const iron = await sealData(data, { password: SECRET, ttl: LIFETIME });
console.log(`payload: ${PAYLOAD_BYTES} bytes of JSON`);
console.log(`sess-cookie-http: cookie value ${sess.length} bytes`);
console.log(`iron-session:     cookie value ${iron.length} bytes`);
