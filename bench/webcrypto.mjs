// What a core on Web Crypto alone (crypto.subtle, async) would cost on the hot path, against
// node:crypto (synchronous): HMAC-SHA256 sign and verify of a session id (one per new cookie;
// verified values are cached), AES-256-GCM seal and open of the bench's session (one per
// sealed response and request). Per operation, awaited one at a time as a request would.
// `node bench/webcrypto.mjs` (BENCH_SMOKE=1 for a quick pass); also runs under `bun` and `deno run -A`.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual, webcrypto } from "node:crypto";
import { PAYLOAD_BYTES, seedData } from "./lib/setup/payload.mjs";

const subtle = globalThis.crypto?.subtle ?? webcrypto.subtle;
const smoke = process.env.BENCH_SMOKE === "1";
const ROUNDS = smoke ? 2 : 5;
const OPS = smoke ? 2_000 : 10_000;

const secret = randomBytes(32);
const id = randomBytes(32).toString("base64url"); // 43 characters, as core's ids
const idBytes = new TextEncoder().encode(id);
const plain = Buffer.from(JSON.stringify({ ...seedData(0), n: 0 }));
const aesKey = randomBytes(32);

const hmacKey = await subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
const gcmKey = await subtle.importKey("raw", aesKey, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);

const nodeMac = createHmac("sha256", secret).update(id).digest();
const webMac = new Uint8Array(await subtle.sign("HMAC", hmacKey, idBytes));
const nonce = randomBytes(12);
const nodeSeal = (() => {
  const cipher = createCipheriv("aes-256-gcm", aesKey, nonce);
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
})();
const webSeal = new Uint8Array(await subtle.encrypt({ name: "AES-GCM", iv: nonce }, gcmKey, plain));
if (Buffer.compare(nodeMac, webMac) !== 0 || Buffer.compare(nodeSeal, webSeal) !== 0) throw new Error("node:crypto and Web Crypto disagree");

const cases = {
  "HMAC-SHA256 sign": {
    node: () => createHmac("sha256", secret).update(id).digest(),
    web: () => subtle.sign("HMAC", hmacKey, idBytes),
  },
  "HMAC-SHA256 verify": {
    node: () => timingSafeEqual(createHmac("sha256", secret).update(id).digest(), nodeMac),
    web: () => subtle.verify("HMAC", hmacKey, webMac, idBytes),
  },
  [`AES-256-GCM seal (${PAYLOAD_BYTES} B)`]: {
    node: () => {
      const cipher = createCipheriv("aes-256-gcm", aesKey, randomBytes(12));
      return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    },
    web: () => subtle.encrypt({ name: "AES-GCM", iv: crypto.getRandomValues(new Uint8Array(12)) }, gcmKey, plain),
  },
  [`AES-256-GCM open (${PAYLOAD_BYTES} B)`]: {
    node: () => {
      const decipher = createDecipheriv("aes-256-gcm", aesKey, nonce);
      decipher.setAuthTag(nodeSeal.subarray(-16));
      return Buffer.concat([decipher.update(nodeSeal.subarray(0, -16)), decipher.final()]);
    },
    web: () => subtle.decrypt({ name: "AES-GCM", iv: nonce }, gcmKey, webSeal),
  },
};

// CPU time (user + system, every thread: Web Crypto works on the thread pool) per operation,
// median over rounds, in microseconds. CPU time, not wall time: the machine is shared, and
// another process's load shows up in wall time, not in this process's CPU time.
async function perOp(fn) {
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.cpuUsage();
    for (let i = 0; i < OPS; i++) await fn();
    const used = process.cpuUsage(start);
    rounds.push((used.user + used.system) / OPS);
  }
  rounds.sort((a, b) => a - b);
  return rounds[Math.floor(rounds.length / 2)];
}

const runtime = globalThis.Bun ? `bun ${globalThis.Bun.version}` : globalThis.Deno ? `deno ${globalThis.Deno.version.deno}` : `node ${process.version}`;
console.log(`${runtime}: ${OPS} operations x ${ROUNDS} rounds, CPU time per operation (median round)`);
console.log("operation".padEnd(30) + "node:crypto".padStart(13) + "Web Crypto".padStart(13) + "ratio".padStart(8));
for (const [name, { node, web }] of Object.entries(cases)) {
  // Node's case is awaited too, so both sides pay the same loop and await.
  const nodeUs = await perOp(async () => node());
  const webUs = await perOp(web);
  console.log(name.padEnd(30) + `${nodeUs.toFixed(2)} µs`.padStart(13) + `${webUs.toFixed(2)} µs`.padStart(13) + `${(webUs / nodeUs).toFixed(1)}x`.padStart(8));
}
